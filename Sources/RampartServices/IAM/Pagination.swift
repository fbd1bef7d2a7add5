import RampartCore

/// IAM's Marker/MaxItems paging over a list sorted by a key. The marker is the sort key of
/// the first item not yet returned, so paging stays correct when items are added or removed
/// between calls.
struct Page<Item> {
    var items: [Item]
    var isTruncated: Bool
    var marker: String?

    init(_ all: [Item], sortKey: (Item) -> String, marker: String?, maxItems: Int?) {
        let keyed = all.map { (sortKey($0), $0) }.sorted { $0.0 < $1.0 }
        let start = marker.map { marker in keyed.firstIndex { $0.0 >= marker } ?? keyed.count } ?? 0
        let limit = maxItems ?? Limits.defaultMaxItems
        let end = min(keyed.count, start + limit)
        items = keyed[start..<end].map(\.1)
        isTruncated = end < keyed.count
        self.marker = isTruncated ? keyed[end].0 : nil
    }
}

extension String {
    /// Whether an IAM path falls under a `PathPrefix` filter (nil or "/" matches all).
    func hasPathPrefix(_ prefix: String?) -> Bool {
        guard let prefix, prefix != "/" else { return true }
        return hasPrefix(prefix)
    }
}

import RampartCore

/// IAM's Marker/MaxItems paging over a list sorted by a key. The marker is the sort key of
/// the first item not yet returned, so paging stays correct when items are added or removed
/// between calls.
struct Page<Item> {
    var items: [Item]
    var isTruncated: Bool
    var marker: String?

    init(_ all: [Item], sortKey: (Item) -> String, marker: String?, maxItems: Int?) {
        // Sorts positions, not items: an item (a user, a role) is a struct of a dozen references,
        // and moving whole items through the sort was a fifth of a 100-user ListUsers.
        let keys = all.map(sortKey)
        let order = keys.indices.sorted { keys[$0] < keys[$1] }
        let start = marker.map { marker in order.firstIndex { keys[$0] >= marker } ?? order.count } ?? 0
        let limit = maxItems ?? Limits.defaultMaxItems
        let end = min(order.count, start + limit)
        items = order[start..<end].map { all[$0] }
        isTruncated = end < order.count
        self.marker = isTruncated ? keys[order[end]] : nil
    }
}

extension String {
    /// Whether an IAM path falls under a `PathPrefix` filter (nil or "/" matches all).
    func hasPathPrefix(_ prefix: String?) -> Bool {
        guard let prefix, prefix != "/" else { return true }
        return hasPrefix(prefix)
    }
}

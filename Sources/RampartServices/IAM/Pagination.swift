import RampartCore

/// IAM's Marker/MaxItems paging over a list sorted by a key. The position is the sort key of the
/// first item not yet returned, so paging stays correct when items are added or removed between
/// calls; IAM clients see it wrapped in a `PageMarker`.
struct Page<Item> {
    var items: [Item]
    var isTruncated: Bool
    var marker: String?

    /// IAM's paging: `marker` must be one this list issued, else "Invalid Marker.". `list` names the
    /// list: by default the operation's method, so a marker of ListUsers is no marker of ListRoles.
    init(
        _ all: [Item], sortKey: (Item) -> String, marker: String?, maxItems: Int?, list: String = #function
    ) throws(AWSError) {
        let position = try marker.map { marker throws(AWSError) in try PageMarker.position(in: marker, list: list) }
        self.init(all, sortKey: sortKey, position: position, maxItems: maxItems)
        self.marker = self.marker.map { PageMarker.issue(position: $0, list: list) }
    }

    /// Paging by the raw sort key, for services that wrap the position their own way.
    init(_ all: [Item], sortKey: (Item) -> String, position: String?, maxItems: Int?) {
        // Sorts positions, not items: an item (a user, a role) is a struct of a dozen references,
        // and moving whole items through the sort was a fifth of a 100-user ListUsers.
        let keys = all.map(sortKey)
        let order = keys.indices.sorted { keys[$0] < keys[$1] }
        let start = position.map { position in order.firstIndex { keys[$0] >= position } ?? order.count } ?? 0
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

import Foundation
import RampartCore

/// One page of a list that Config pages, and the token for the next: the key of the first item
/// not returned, so a page stays right when items before it are deleted in between.
struct ConfigPage<Item> {
    var items: [Item]
    var nextToken: String?

    /// `items` must be sorted by `key`; a limit of 0 (or none) means `defaultLimit`, as Config reads it.
    init(
        _ all: [Item], limit: Int?, defaultLimit: Int, token: String?, key: (Item) -> String,
        invalidToken: AWSError = ConfigErrors.invalidNextToken
    ) throws(AWSError) {
        let size = (limit ?? 0) == 0 ? defaultLimit : limit!
        var start = 0
        if let token {
            guard let data = Data(base64Encoded: token), let after = String(data: data, encoding: .utf8) else {
                throw invalidToken
            }
            start = all.firstIndex { key($0) >= after } ?? all.count
        }
        let end = min(all.count, start + size)
        items = Array(all[start..<end])
        nextToken = end < all.count ? Data(key(all[end]).utf8).base64EncodedString() : nil
    }
}

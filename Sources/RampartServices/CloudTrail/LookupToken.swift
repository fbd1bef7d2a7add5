import Foundation
import RampartCore

/// LookupEvents' `NextToken`: where the page ended, bound to the question that was asked and to
/// who asked it. A token used with other parameters, by another account, or altered is
/// `InvalidNextTokenException`, as AWS says of a token "used in a request with different
/// parameters". Not a secret: it only points into a lookup the caller may make anyway.
enum LookupToken {
    static func make(_ cursor: TrailCursor, for query: TrailQuery, caller: AccountID) -> String {
        let text = "1.\(cursor.timeMillis).\(cursor.position).\(fingerprint(query, caller, cursor))"
        return Data(text.utf8).base64EncodedString()
    }

    static func cursor(_ token: String, for query: TrailQuery, caller: AccountID) -> TrailCursor? {
        // Only the encoding `make` gives: Foundation's decoder lets extra padding through.
        guard token.utf8.count <= 200, let data = Data(base64Encoded: token), data.base64EncodedString() == token
        else { return nil }
        let parts = String(decoding: data, as: UTF8.self).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "1", let millis = Int64(parts[1]), let position = Int64(parts[2])
        else { return nil }
        let cursor = TrailCursor(timeMillis: millis, position: position)
        return String(parts[3]) == fingerprint(query, caller, cursor) ? cursor : nil
    }

    /// FNV-1a over the question's parameters and the cursor: enough to tell one question from another,
    /// and a token whose cursor was altered from the one it was given with.
    static func fingerprint(_ query: TrailQuery, _ caller: AccountID, _ cursor: TrailCursor) -> String {
        let text = [
            String(cursor.timeMillis), String(cursor.position), caller.rawValue, query.attribute?.key.rawValue ?? "",
            query.attribute?.value ?? "",
            String(query.start.epochMilliseconds), String(query.end.epochMilliseconds),
        ].joined(separator: "\u{1F}")
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}

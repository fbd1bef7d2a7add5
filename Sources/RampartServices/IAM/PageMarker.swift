import Crypto
import Foundation
import RampartCore

/// IAM's `Marker`: opaque to clients, and only ever one that the same list issued. It carries the
/// position (the sort key of the first item not yet returned, or a simulation's result index),
/// base64url-encoded, and a check binding it to the list that issued it: a marker altered, made up, or
/// taken from another List operation is refused with "Invalid Marker." instead of silently starting
/// over (a client echoing a bad marker would loop) or landing somewhere arbitrary.
///
/// The check is a digest, not a MAC: a marker only positions a caller within its own list, so forging
/// one gains nothing; the digest is there to catch mistakes, not attackers.
enum PageMarker {
    /// AWS's answer to a marker it did not issue.
    static let invalid = AWSError.validation("Invalid Marker.")

    static func issue(position: String, list: String) -> String {
        encoded(Data(position.utf8)) + "." + check(position: position, list: list)
    }

    static func position(in marker: String, list: String) throws(AWSError) -> String {
        guard let dot = marker.lastIndex(of: "."), let data = decoded(marker[..<dot]),
            let position = String(data: data, encoding: .utf8),
            marker[marker.index(after: dot)...] == check(position: position, list: list)
        else { throw invalid }
        return position
    }

    private static func check(position: String, list: String) -> String {
        let digest = SHA256.hash(data: Data("rampart-iam-marker\n\(list)\n\(position)".utf8))
        return Hex.string(digest.prefix(8))
    }

    private static func encoded(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    private static func decoded(_ text: Substring) -> Data? {
        guard text.utf8.allSatisfy({ $0 != UInt8(ascii: "+") && $0 != UInt8(ascii: "/") }) else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.utf8.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}

import RampartCore

/// A raw query string split into form-decoded key/value pairs, in the order they came.
///
/// Kept as bytes: the canonical query string is built by re-encoding these, and a value need not
/// be valid UTF-8 to be signed.
struct QueryParameters: Sendable {
    struct Pair: Sendable {
        var key: [UInt8]
        var value: [UInt8]
    }

    private(set) var pairs: [Pair]

    /// `query` is the part after `?`, still percent-encoded. Empty segments (`a=1&&b=2`) are
    /// skipped; a segment without `=` is a key with an empty value, as SigV4 signs it.
    init(rawQuery query: String) throws(AWSError) {
        pairs = []
        for segment in query.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            if let equals = segment.firstIndex(of: UInt8(ascii: "=")) {
                pairs.append(
                    Pair(
                        key: try PercentEncoding.formDecode(segment[..<equals]),
                        value: try PercentEncoding.formDecode(segment[segment.index(after: equals)...])))
            } else {
                pairs.append(Pair(key: try PercentEncoding.formDecode(segment), value: []))
            }
        }
    }

    /// Every value of `key` (compared exactly, as AWS compares `X-Amz-*` parameter names).
    func values(of key: String) -> [String] {
        let wanted = Array(key.utf8)
        return pairs.filter { $0.key == wanted }.map { String(decoding: $0.value, as: UTF8.self) }
    }

    func contains(_ key: String) -> Bool {
        let wanted = Array(key.utf8)
        return pairs.contains { $0.key == wanted }
    }

    /// SigV4's canonical query string: each key and value URI-encoded, sorted by encoded key and
    /// then by encoded value, joined with `&`. A presigned request leaves out its own
    /// `X-Amz-Signature`, which cannot sign itself.
    func canonical(excludingSignature: Bool) -> [UInt8] {
        let signatureKey = Array("X-Amz-Signature".utf8)
        var encoded = [(key: [UInt8], value: [UInt8])]()
        encoded.reserveCapacity(pairs.count)
        for pair in pairs where !(excludingSignature && pair.key == signatureKey) {
            var key = [UInt8]()
            var value = [UInt8]()
            PercentEncoding.append(pair.key, to: &key)
            PercentEncoding.append(pair.value, to: &value)
            encoded.append((key, value))
        }
        encoded.sort { lhs, rhs in
            lhs.key == rhs.key
                ? lhs.value.lexicographicallyPrecedes(rhs.value) : lhs.key.lexicographicallyPrecedes(rhs.key)
        }
        var output = [UInt8]()
        for (index, pair) in encoded.enumerated() {
            if index > 0 { output.append(UInt8(ascii: "&")) }
            output.append(contentsOf: pair.key)
            output.append(UInt8(ascii: "="))
            output.append(contentsOf: pair.value)
        }
        return output
    }
}

/// A context key name folded to lowercase with its hash computed once. Policies are compiled with these,
/// so looking a key up during evaluation neither lowercases nor rehashes the name.
///
/// Public so that callers who set the same keys on every request can prepare them once.
public struct ContextKey: Hashable, Sendable {
    public let name: String
    /// FNV-1a of the lowercased name, which ConditionContext orders and searches by.
    let digest: Int

    public init(_ name: String) {
        self.name = Self.folded(name)
        // FNV-1a: cheap, and only needs to spread keys over a small table.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in self.name.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        digest = Int(truncatingIfNeeded: hash)
    }

    /// Key names are ASCII but for the tag key in `aws:RequestTag/…` and its kin; ASCII
    /// lower-casing is several times cheaper than `lowercased()`'s Unicode rules, and a request
    /// builds a dozen keys.
    static func folded(_ name: String) -> String {
        guard name.utf8.allSatisfy({ $0 < 0x80 }) else { return name.lowercased() }
        let isUpper = { (byte: UInt8) in byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") }
        guard name.utf8.contains(where: isUpper) else { return name }
        return String(decoding: name.utf8.map { isUpper($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(digest) }

    public static func == (lhs: ContextKey, rhs: ContextKey) -> Bool {
        lhs.digest == rhs.digest && lhs.name == rhs.name
    }
}

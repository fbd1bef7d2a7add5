/// A context key name folded to lowercase with its hash computed once. Policies are compiled with these,
/// so looking a key up during evaluation neither lowercases nor rehashes the name.
struct ContextKey: Hashable, Sendable {
    let name: String
    /// FNV-1a of the lowercased name, which ConditionContext orders and searches by.
    let digest: Int

    init(_ name: String) {
        self.name = name.lowercased()
        // FNV-1a: cheap, and only needs to spread keys over a small table.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in self.name.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        digest = Int(truncatingIfNeeded: hash)
    }

    func hash(into hasher: inout Hasher) { hasher.combine(digest) }

    static func == (lhs: ContextKey, rhs: ContextKey) -> Bool { lhs.digest == rhs.digest && lhs.name == rhs.name }
}

/// A statement's Principal or NotPrincipal element, compiled.
struct PrincipalSpec: Sendable, Equatable {
    var entries: [PrincipalEntry]
    /// NotPrincipal: the statement applies to everyone the entries do not name.
    var negated: Bool

    init(_ map: [String: [String]], negated: Bool) {
        var entries = [PrincipalEntry]()
        // Sorted so compiled policies are deterministic whatever order the JSON object had.
        for type in map.keys.sorted() {
            if type == "*" {
                entries.append(.anyone)
                continue
            }
            for value in map[type] ?? [] { entries.append(PrincipalEntry(type: type, value: value)) }
        }
        self.entries = entries
        self.negated = negated
    }

    /// The strongest way an entry names the caller, or nil when none does.
    func bestMatch(_ caller: Caller) -> PrincipalMatch? {
        var best: PrincipalMatch?
        for entry in entries {
            guard let match = entry.match(caller) else { continue }
            if best == nil || match > best! { best = match }
        }
        return best
    }
}

/// An `Action` or `NotAction` value of a policy statement as the access advisor reads it: a
/// namespace pattern and an action pattern, each compared without case, where `*` matches any run of
/// characters and `?` any one. `"*"` alone covers every action of every service.
struct ActionGlob: Sendable, Equatable {
    let namespace: [UInt8]
    let action: [UInt8]

    init(_ text: String) {
        let lowered = Array(text.lowercased().utf8)
        if let colon = lowered.firstIndex(of: UInt8(ascii: ":")) {
            namespace = Array(lowered[..<colon])
            action = Array(lowered[(colon + 1)...])
        } else {
            namespace = lowered
            action = Array("*".utf8)
        }
    }

    /// Whether the pattern names at least one action of the service.
    func touches(namespace service: String) -> Bool {
        Self.matches(namespace[...], Array(service.lowercased().utf8)[...])
    }

    /// Whether the pattern names every action of the service (`iam:*`, `*`).
    func covers(namespace service: String) -> Bool {
        action == Array("*".utf8) && touches(namespace: service)
    }

    /// Whether the pattern names `service:actionName`.
    func matches(namespace service: String, action actionName: String) -> Bool {
        touches(namespace: service) && Self.matches(action[...], Array(actionName.lowercased().utf8)[...])
    }

    /// Wildcard matching with one point of return for the latest `*`: linear in practice, and never
    /// worse than the product of the lengths.
    static func matches(_ pattern: ArraySlice<UInt8>, _ text: ArraySlice<UInt8>) -> Bool {
        var p = pattern.startIndex
        var t = text.startIndex
        var star: (pattern: Int, text: Int)?
        while t < text.endIndex {
            if p < pattern.endIndex, pattern[p] == UInt8(ascii: "*") {
                star = (p, t)
                p += 1
            } else if p < pattern.endIndex, pattern[p] == UInt8(ascii: "?") || pattern[p] == text[t] {
                p += 1
                t += 1
            } else if let resume = star {
                p = resume.pattern + 1
                t = resume.text + 1
                star = (resume.pattern, resume.text + 1)
            } else {
                return false
            }
        }
        while p < pattern.endIndex, pattern[p] == UInt8(ascii: "*") { p += 1 }
        return p == pattern.endIndex
    }
}

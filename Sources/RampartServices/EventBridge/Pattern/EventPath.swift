/// The JSON paths of `InputPath` and `InputPathsMap`: `$` or `$.detail.userIdentity.type`
/// (members by name, dot-separated). AWS accepts more of JSONPath; these are what alerts use.
public struct EventPath: Sendable, Equatable {
    let members: [String]

    init?(_ text: String) {
        if text == "$" {
            members = []
            return
        }
        guard text.hasPrefix("$.") else { return nil }
        let parts = text.dropFirst(2).split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !parts.contains(where: \.isEmpty) else { return nil }
        members = parts
    }

    func value(in event: EventJSON) -> EventJSON? {
        var current = event
        for member in members {
            guard let next = current[member] else { return nil }
            current = next
        }
        return current
    }
}

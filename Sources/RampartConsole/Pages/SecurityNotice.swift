/// What the security page says after a change that redirected to it (the script's passkey registration):
/// carried in the query as one of these names only, so a link cannot make the page say anything else.
enum SecurityNotice: String {
    case keyAdded = "key-added"

    init?(query: String) {
        guard let value = PageQuery.value("notice", in: query) else { return nil }
        self.init(rawValue: value)
    }

    var location: String { "/console/security?notice=\(rawValue)" }

    var message: String {
        switch self {
        case .keyAdded: "The passkey or security key was added."
        }
    }
}

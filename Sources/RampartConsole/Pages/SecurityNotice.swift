/// What the security page says after a change that redirected to it (the script's passkey registration,
/// a confirmation, saved recovery codes): carried in the query as one of these names only, so a link
/// cannot make the page say anything else.
enum SecurityNotice: String {
    case keyAdded = "key-added"
    case confirmed
    case codesSaved = "codes-saved"

    init?(query: String) {
        guard let value = PageQuery.value("notice", in: query) else { return nil }
        self.init(rawValue: value)
    }

    var location: String { "/console/security?notice=\(rawValue)" }

    var message: String {
        switch self {
        case .keyAdded: "The passkey or security key was added."
        case .confirmed:
            "You confirmed it is you. For the next few minutes you can change your MFA devices and recovery "
                + "codes without being asked again."
        case .codesSaved: "Your new recovery codes are in use. Any earlier codes no longer work."
        }
    }
}

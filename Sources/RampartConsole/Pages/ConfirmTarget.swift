import RampartServices

/// Where a confirmation ("Confirm it is you", `/console/verify?next=…`) returns: one of the pages whose
/// changes need a recent proof of a device. Named, never a URL from the query, so a link cannot use the
/// confirmation to send a person elsewhere.
enum ConfirmTarget: String {
    case security, assign, account

    init?(query: String) {
        guard let value = PageQuery.value("next", in: query) else { return nil }
        self.init(rawValue: value)
    }

    var location: String {
        switch self {
        case .security: SecurityNotice.confirmed.location
        case .assign: "/console/security/assign"
        case .account: "/console/account"
        }
    }

    /// The link to the confirmation that returns here.
    var confirmation: String { "/console/verify?next=\(rawValue)" }

    /// How long a confirmation lasts, in words for the pages that offer one.
    static var lifetime: String { "\(Int(SignInService.stepUpLifetime / 60)) minutes" }
}

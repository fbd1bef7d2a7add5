import RampartServices

/// Why the sign-in page was sent to: a sign-in step or a session that ended. Carried in the query of the
/// redirect (`/console/signin?expired=session`) as one of these names only, so the page never shows text
/// that a link could put there.
enum ExpiredNotice: String {
    case signIn = "sign-in"
    case session

    init?(query: String) {
        guard let value = PageQuery.value("expired", in: query) else { return nil }
        self.init(rawValue: value)
    }

    var location: String { "/console/signin?expired=\(rawValue)" }

    var message: String {
        switch self {
        case .signIn: SignInFailure.flowExpired.message
        case .session: "Your session has expired. Please sign in again."
        }
    }
}

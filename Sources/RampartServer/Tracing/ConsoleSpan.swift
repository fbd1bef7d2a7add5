import Tracing

/// The console request's child span. The sign-in steps, which check a password, a second factor or
/// a passkey, are its authentication; every other page is an operation (its session cookie is
/// checked inside, with the page's own work).
enum ConsoleSpan {
    /// The sign-in steps by path, each named by its last part in `rampart.console.step`.
    static let signInSteps: Set<String> = [
        "/console/signin", "/console/mfa", "/console/mfa/recovery", "/console/webauthn/authenticate",
    ]

    static func isSignInStep(method: String, path: String) -> Bool {
        method == "POST" && signInSteps.contains(path)
    }

    static func name(method: String, path: String) -> String {
        isSignInStep(method: method, path: path) ? "authenticate" : "operation console"
    }

    static func describe(_ span: (any Span)?, method: String, path: String) {
        guard let span, isSignInStep(method: method, path: path) else { return }
        span.attributes["rampart.authentication.method"] = "console"
        span.attributes["rampart.console.step"] = String(path.split(separator: "/").last ?? "")
    }
}

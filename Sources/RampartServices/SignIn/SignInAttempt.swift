/// What a person typed on the sign-in page: the root user's email, or an account (id or alias) and an
/// IAM user name, with a password.
public struct SignInAttempt: Sendable, Equatable {
    public enum Identity: Sendable, Equatable {
        case root(email: String)
        case iamUser(account: String, userName: String)
    }

    public var identity: Identity
    public var password: String

    public init(identity: Identity, password: String) {
        self.identity = identity
        self.password = password
    }
}

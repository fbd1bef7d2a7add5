import RampartCore

/// Whom a console session stands for: the principal that signed in and, after "Switch role", the role
/// session the console acts as instead. Pages act as `acting`; only switching roles and switching back
/// use `signedIn` while switched.
public struct ConsoleIdentity: Sendable, Equatable {
    /// The IAM user or root user that signed in, with the sign-in's MFA facts.
    public var signedIn: Principal
    /// The role switched into, as the session records it; nil when not switched.
    public var switchedRole: ConsoleSession.SwitchedRole?
    /// The switched role's session while it lasts: nil when not switched, and nil once it has expired or
    /// its role is gone (deleted, even if another role now has its name).
    public var role: Principal?

    public init(signedIn: Principal, switchedRole: ConsoleSession.SwitchedRole?, role: Principal?) {
        self.signedIn = signedIn
        self.switchedRole = switchedRole
        self.role = role
    }

    /// Whom the console acts as: the role session when switched, the signed-in principal otherwise. Nil
    /// when the role session has ended and the person has not switched back: nothing runs as either then,
    /// so a page left open in the member account cannot act in the management account by surprise.
    public var acting: Principal? { switchedRole == nil ? signedIn : role }

    /// Switched, and the role session has ended.
    public var switchEnded: Bool { switchedRole != nil && role == nil }

    /// "alice @ 123456789012" or "RoleName @ 210987654321": who the console is acting as, in the header.
    public var displayName: String {
        if let switchedRole { return switchedRole.displayName }
        return "\(signedIn.kind == .root ? "root" : signedIn.name) @ \(signedIn.account.rawValue)"
    }

    /// "alice @ 123456789012": the identity that signed in.
    public var signedInDisplayName: String {
        "\(signedIn.kind == .root ? "root" : signedIn.name) @ \(signedIn.account.rawValue)"
    }
}

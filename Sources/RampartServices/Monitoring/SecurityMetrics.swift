/// Where the operations report the security events an operator watches on a dashboard: second
/// factors checked and sign-in steps. The server counts them (Prometheus); the default counts
/// nothing. Labels come from these enums only, never from what a client typed, so a metric's
/// series stay few whatever the traffic.
public protocol SecurityMetrics: Sendable {
    /// One second factor checked: a code (API or console), a passkey or security key, a recovery code.
    func mfaChecked(_ method: MFAMethod, _ result: MFACheckResult)
    /// One console sign-in step answered (the password, a second factor, a passkey), by where it led.
    func signInStep(_ step: SignInStep)
}

/// The kind of second factor a check was made with.
public enum MFAMethod: String, Sendable, CaseIterable {
    case totp
    case securityKey = "security_key"
    case recoveryCode = "recovery_code"
}

/// What a second-factor check came to.
public enum MFACheckResult: String, Sendable, CaseIterable {
    case accepted
    case rejected
    /// Refused unchecked: the principal's MFA counter is locked out.
    case lockedOut = "locked_out"

    public init(_ outcome: MFAOutcome) {
        switch outcome {
        case .accepted: self = .accepted
        case .rejected: self = .rejected
        case .lockedOut: self = .lockedOut
        }
    }
}

/// Counts nothing: tests and tools that build services without a server.
public struct NoSecurityMetrics: SecurityMetrics {
    public init() {}
    public func mfaChecked(_ method: MFAMethod, _ result: MFACheckResult) {}
    public func signInStep(_ step: SignInStep) {}
}

import RampartServices

/// A sign-in step's label: where the step led, or why it failed (the failure's kind, never its text).
enum SignInStepResult: String, Sendable, CaseIterable {
    case signedIn = "signed_in"
    case mfaRequired = "mfa_required"
    case passwordChangeRequired = "password_change_required"
    case enrollmentRequired = "enrollment_required"
    case invalidCredentials = "invalid_credentials"
    case invalidCode = "invalid_code"
    case invalidRecoveryCode = "invalid_recovery_code"
    case securityKeyRefused = "security_key_refused"
    case throttled
    case flowExpired = "flow_expired"
    case passwordRejected = "password_rejected"
    case refused

    init(_ step: SignInStep) {
        switch step {
        case .signedIn: self = .signedIn
        case .secondFactor: self = .mfaRequired
        case .changePassword: self = .passwordChangeRequired
        case .enroll: self = .enrollmentRequired
        case .failed(let failure):
            switch failure {
            case .invalidCredentials: self = .invalidCredentials
            case .invalidCode: self = .invalidCode
            case .invalidRecoveryCode: self = .invalidRecoveryCode
            case .securityKey: self = .securityKeyRefused
            case .throttled: self = .throttled
            case .flowExpired: self = .flowExpired
            case .passwordRejected: self = .passwordRejected
            // The account's rules refused it: MFA required without a device, the grace period over,
            // no root user in the partition.
            case .mfaRequired, .graceOver, .noRootUser: self = .refused
            }
        }
    }
}

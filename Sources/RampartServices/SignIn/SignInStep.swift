import Foundation
import RampartCore

/// Where a sign-in goes next. Cookies are returned as values; the console decides how to set them.
public enum SignInStep: Sendable, Equatable {
    case failed(SignInFailure)
    /// The password was right but must be changed before anything else.
    case changePassword(flow: OpaqueToken)
    /// The password was right; a second factor must be proved.
    case secondFactor(flow: OpaqueToken)
    /// The principal must have MFA and has no device: set one up (or skip during the grace period).
    case enroll(flow: OpaqueToken)
    case signedIn(session: OpaqueToken, expiresAt: Date)
}

/// Why a step failed. Messages are the same whether or not the principal exists.
public enum SignInFailure: Sendable, Equatable {
    case invalidCredentials
    case invalidCode
    case invalidRecoveryCode
    /// Too many failures from this address or for this principal; the step was not checked.
    case throttled
    /// The flow cookie is missing, finished, expired or for another stage.
    case flowExpired
    case passwordRejected(String)
    /// The principal must have MFA, has none, and the account blocks such sign-ins.
    case mfaRequired
    /// The grace period for setting up MFA is over.
    case graceOver
    /// A passkey or security key's answer was refused (WebAuthnCeremonies.Failure's message).
    case securityKey(String)
    /// The account's partition has no root user (GovCloud, China): only IAM users sign in there.
    case noRootUser(partition: Partition)

    public var message: String {
        switch self {
        case .invalidCredentials: "Your authentication information is incorrect. Please try again."
        case .invalidCode: "The code is not valid. Enter the current code from your authenticator."
        case .invalidRecoveryCode: "That recovery code is not valid or was already used."
        case .throttled: "Too many failed attempts. Wait a few minutes, then try again."
        case .flowExpired: "Your sign-in has expired. Please sign in again."
        case .passwordRejected(let reason): reason
        case .mfaRequired: "Your account requires MFA, and you have no MFA device. Ask your administrator for help."
        case .graceOver: "The time to set up MFA has run out. Set up a device to continue."
        case .securityKey(let reason): reason
        case .noRootUser(let partition):
            "Accounts in the \(partition) partition have no root user. Sign in as an IAM user of the account."
        }
    }
}

import Foundation

/// Failed console sign-in steps counted against one subject: a principal's passwords, or everything
/// that failed from one client address. Kept apart from MFAThrottle so that a password guesser cannot
/// lock a user out of their second factor, nor the reverse.
public struct SignInThrottle: Codable, Sendable, Equatable {
    public enum Subject: Codable, Sendable, Equatable, Hashable {
        /// The passwords of an IAM user, or of root when `userName` is nil.
        case password(account: AccountID, userName: String?)
        case address(String)
        /// The passwords tried for one principal (by unique id) from a browser that once signed it in.
        case browser(principalId: String, deviceHash: String)
    }

    public var subject: Subject
    public var state: FailureState

    public init(subject: Subject) {
        self.subject = subject
        self.state = FailureState()
    }

    public var rule: LockoutRule {
        switch subject {
        case .password, .browser: .passwords
        case .address: .addresses
        }
    }
}

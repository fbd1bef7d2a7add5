import Foundation
import RampartCore
import RampartStore

/// Where an IAM user stands with the console's sign-in rules: whether the account requires it to have
/// MFA and, without a device, how long it may still skip setting one up; and whether its password or
/// MFA codes are locked out. The administrator's console shows it beside each user; nothing here grants
/// or refuses anything (the sign-in steps decide, from the same records).
public struct UserStanding: Sendable, Equatable {
    public enum MFA: Sendable, Equatable {
        /// The account does not require this user to have MFA (or it has no console password).
        case notRequired
        /// Required, and the user has a device.
        case satisfied
        /// Required, no device; the user signs in without one (the account allows it).
        case allowedWithout
        /// Required, no device, never prompted yet: the grace of `days` starts at the next sign-in.
        case graceNotStarted(days: Int)
        case inGrace(daysLeft: Int)
        /// Required, no device, and sign-in is refused until an administrator helps.
        case blocked
    }

    public var mfa: MFA
    /// Until when password sign-ins are refused, when they are.
    public var passwordLockedUntil: Date?
    /// Until when MFA codes are refused, when they are.
    public var mfaLockedUntil: Date?
    /// When the console password was last set; nil when the user has none.
    public var passwordLastChanged: Date?

    public var isLockedOut: Bool { passwordLockedUntil != nil || mfaLockedUntil != nil }
}

extension SignInService {
    /// The standing of `userName` in `account` now (see `UserStanding`).
    public func standing(account: AccountID, userName: String) -> UserStanding {
        let snapshot = store.snapshot()
        let now = environment.clock.now
        let settings = settings(account, in: snapshot)
        // Without a console password the user never meets the console's requirement.
        let console = snapshot.get(User.self, User.key(account, userName))?.loginProfile != nil
        let required =
            console
            && MFARequirement(snapshot: snapshot, authorizer: environment.authorizer).mustHaveMFA(
                account: account, userName: userName, settings: settings, now: now)
        let hasDevice = !snapshot.devicesInUse(account, by: userName).isEmpty
        let mfa: UserStanding.MFA
        switch (required, hasDevice, settings.withoutDevice) {
        case (false, _, _): mfa = .notRequired
        case (true, true, _): mfa = .satisfied
        case (true, false, .allow): mfa = .allowedWithout
        case (true, false, .block): mfa = .blocked
        case (true, false, .requireRegistration):
            let prompted = snapshot.get(MFAEnrollment.self, MFAEnrollment.key(account, userName: userName))?
                .firstPromptedAt
            if let prompted {
                let left = TimeInterval(settings.gracePeriodDays) * 86_400 - now.timeIntervalSince(prompted)
                mfa = left > 0 ? .inGrace(daysLeft: Int((left / 86_400).rounded(.up))) : .blocked
            } else {
                mfa = settings.gracePeriodDays > 0 ? .graceNotStarted(days: settings.gracePeriodDays) : .blocked
            }
        }
        let password = snapshot.get(
            SignInThrottle.self, SignInThrottle.key(.password(account: account, userName: userName)))
        let codes = snapshot.get(MFAThrottle.self, MFAThrottle.key(account, userName: userName))
        return UserStanding(
            mfa: mfa, passwordLockedUntil: password?.state.lockedOut(at: now),
            mfaLockedUntil: codes?.lockedOut(at: now),
            passwordLastChanged: snapshot.get(User.self, User.key(account, userName))?.loginProfile?.passwordLastChanged
        )
    }
}

import Foundation
import RampartCore
import RampartStore

/// Reading and updating the sign-in counters of SignInThrottle, each under its own LockoutRule.
enum SignInThrottles {
    static func lockedOut(_ subjects: [SignInThrottle.Subject], in snapshot: StoreSnapshot, at now: Date) -> Bool {
        subjects.contains { snapshot.get(SignInThrottle.self, SignInThrottle.key($0))?.state.lockedOut(at: now) != nil }
    }

    /// The latest end of the subjects' lockouts; nil when none is locked out.
    static func lockoutEnd(_ subjects: [SignInThrottle.Subject], in snapshot: StoreSnapshot, at now: Date) -> Date? {
        subjects.compactMap { snapshot.get(SignInThrottle.self, SignInThrottle.key($0))?.state.lockedOut(at: now) }
            .max()
    }

    static func recordFailure(_ subjects: [SignInThrottle.Subject], in tx: inout StoreTransaction, at now: Date) {
        for subject in subjects {
            var throttle = tx.get(SignInThrottle.self, SignInThrottle.key(subject)) ?? SignInThrottle(subject: subject)
            throttle.rule.recordFailure(&throttle.state, at: now)
            tx.put(throttle)
        }
    }

    /// A success clears a principal's counter (never an address's: one right password from an address
    /// that is guessing at others proves nothing about the others).
    static func clear(_ subject: SignInThrottle.Subject, in tx: inout StoreTransaction) {
        if tx.get(SignInThrottle.self, SignInThrottle.key(subject)) != nil {
            tx.delete(SignInThrottle.self, SignInThrottle.key(subject))
        }
    }
}

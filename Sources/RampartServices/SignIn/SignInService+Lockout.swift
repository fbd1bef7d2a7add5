import Foundation
import RampartCore
import RampartStore

extension SignInService {
    /// The counters that judge a password attempt, and those its failure adds to. A browser that once
    /// signed this principal in is judged by its own counter alone: strangers guessing from elsewhere (or
    /// from the same address) lock the principal's global counter, not the owner's browser. Its failures
    /// still count against the address. `cleared`: the principal's counter that a success clears.
    static func counters(
        for claimant: Claimant, device: OpaqueToken?, sourceIp: String, in snapshot: StoreSnapshot
    ) -> (judgedBy: [SignInThrottle.Subject], counted: [SignInThrottle.Subject], cleared: SignInThrottle.Subject) {
        let trusted = claimant.account
            .flatMap { trustedBrowser(device, account: $0, userName: claimant.userName, in: snapshot) }
            .map { SignInThrottle.Subject.browser(principalId: $0.principalId, deviceHash: $0.deviceHash) }
        let judgedBy = trusted.map { [$0] } ?? [.address(sourceIp), claimant.subject]
        let counted = trusted.map { [$0, .address(sourceIp)] } ?? [.address(sourceIp), claimant.subject]
        return (judgedBy, counted, trusted ?? claimant.subject)
    }

    /// When the lockout that refuses this password attempt ends (the latest of the counters that judge
    /// it), so that the sign-in page can say how long to wait; nil when the attempt is not locked out.
    public func lockoutEnds(_ attempt: SignInAttempt, device: OpaqueToken?, sourceIp: String) -> Date? {
        let snapshot = store.snapshot()
        let claimant = Self.claimant(for: attempt.identity, in: snapshot)
        let judgedBy = Self.counters(for: claimant, device: device, sourceIp: sourceIp, in: snapshot).judgedBy
        return SignInThrottles.lockoutEnd(judgedBy, in: snapshot, at: environment.clock.now)
    }
}

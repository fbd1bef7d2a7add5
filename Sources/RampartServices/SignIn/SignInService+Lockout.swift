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

extension SignInService {
    /// When the lockout that refuses this sign-in's codes ends (the address's, and the MFA counter
    /// `verifyCode` reads: a trusted browser's own, else the principal's), so that the code page can say
    /// how long to wait; nil when neither is locked out.
    public func codeLockoutEnds(flow token: OpaqueToken?, device: OpaqueToken?, sourceIp: String) -> Date? {
        let now = environment.clock.now
        let snapshot = store.snapshot()
        var ends = [SignInThrottles.lockoutEnd([.address(sourceIp)], in: snapshot, at: now)]
        if let flow = openFlow(token, stage: .secondFactor, at: now) {
            let browser = Self.trustedBrowser(device, account: flow.account, userName: flow.userName, in: snapshot)
            ends.append(
                Self.mfaLockoutEnd(flow.account, flow.userName, browser: browser?.recordKey, in: snapshot, at: now))
        }
        return ends.compactMap { $0 }.max()
    }

    /// When the principal's MFA lockout, which a step-up meets, ends; nil when it is not locked out.
    public func stepUpLockoutEnds(_ principal: Principal) -> Date? {
        Self.mfaLockoutEnd(
            principal.account, principal.kind == .root ? nil : principal.name, browser: nil, in: store.snapshot(),
            at: environment.clock.now)
    }

    static func mfaLockoutEnd(
        _ account: AccountID, _ userName: String?, browser: String?, in snapshot: StoreSnapshot, at now: Date
    ) -> Date? {
        snapshot.get(MFAThrottle.self, MFAThrottle.key(account, userName: userName, browser: browser))?.lockedOut(
            at: now)
    }
}

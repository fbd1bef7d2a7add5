import Foundation
import RampartCore
import RampartStore

extension SignInService {
    /// The second step with a recovery code instead of a device. Failures count toward the principal's
    /// MFA lockout (a code is a second factor) and the address's.
    public func verifyRecoveryCode(
        flow token: OpaqueToken?, code: String, device: OpaqueToken? = nil, sourceIp: String, requestId: String
    ) async throws -> SignInStep {
        let now = environment.clock.now
        if SignInThrottles.lockedOut([.address(sourceIp)], in: store.snapshot(), at: now) { return .failed(.throttled) }
        guard let flow = openFlow(token, stage: .secondFactor, at: now) else { return .failed(.flowExpired) }
        let codes = RecoveryCodes(environment: environment)
        // Set by the write that commits (a closure may run again), counted after it.
        var checked: MFACheckResult?
        defer { if let checked { environment.metrics.mfaChecked(.recoveryCode, checked) } }
        return try await store.write { tx in
            if MFAGate.throttle(flow.account, flow.userName, in: tx).lockedOut(at: now) != nil {
                checked = .lockedOut
                return .failed(.throttled)
            }
            guard
                codes.use(
                    code, account: flow.account, owner: flow.userName, sourceIp: sourceIp, requestId: requestId,
                    at: now,
                    in: &tx)
            else {
                MFAGate.recordFailure(flow.account, flow.userName, at: now, in: &tx)
                Self.recordSecondFactorFailure(
                    flow, reason: "Invalid recovery code", sourceIp: sourceIp, requestId: requestId, at: now, in: &tx)
                checked = .rejected
                return .failed(.invalidRecoveryCode)
            }
            checked = .accepted
            return afterSecondFactor(flow, device: device, sourceIp: sourceIp, requestId: requestId, at: now, in: &tx)
        }
    }

    /// Whether the flow's principal has recovery codes left.
    public func flowHasRecoveryCodes(_ token: OpaqueToken?) -> Bool {
        guard let flow = openFlow(token, stage: .secondFactor, at: environment.clock.now) else { return false }
        return
            (RecoveryCodes(environment: environment).status(account: flow.account, owner: flow.userName)?.remaining ?? 0)
            > 0
    }
}

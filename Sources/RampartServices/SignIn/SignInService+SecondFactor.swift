import Foundation
import RampartCore
import RampartStore

extension SignInService {
    /// The second step: a code from any of the principal's authenticator apps or hardware tokens, checked
    /// by MFAGate (single use per time step, the principal's MFA lockout) inside one store write.
    public func verifyCode(
        flow token: OpaqueToken?, code: String, device: OpaqueToken? = nil, sourceIp: String, requestId: String
    ) async throws -> SignInStep {
        let now = environment.clock.now
        let snapshot = store.snapshot()
        if SignInThrottles.lockedOut([.address(sourceIp)], in: snapshot, at: now) { return .failed(.throttled) }
        guard let flow = openFlow(token, stage: .secondFactor, at: now) else { return .failed(.flowExpired) }
        let digits = code.filter { !$0.isWhitespace }
        let gate = MFAGate(
            secrets: environment.secrets,
            audit: MFAGate.Audit(operation: "ConsoleSignIn", requestId: requestId, sourceIp: sourceIp))
        // Set by the write that commits (a closure may run again), counted after it.
        var checked: MFAOutcome?
        defer { if let checked { environment.metrics.mfaChecked(.totp, MFACheckResult(checked)) } }
        return try await store.write { tx in
            // Codes count only while the account allows authenticator apps.
            let devices =
                settings(flow.account, in: tx).allows(.authenticatorApp)
                ? tx.mfaDevices(flow.account, assignedTo: flow.userName) : []
            let (outcome, matched) = gate.checkAny(
                digits, devices: devices, account: flow.account, userName: flow.userName,
                browser: Self.trustedBrowser(device, account: flow.account, userName: flow.userName, in: tx)?.recordKey,
                at: now, in: &tx)
            checked = outcome
            switch outcome {
            case .accepted:
                return afterSecondFactor(
                    flow, device: device, mfaIdentifier: matched?.serialNumber, sourceIp: sourceIp,
                    requestId: requestId, at: now, in: &tx)
            case .rejected:
                Self.recordSecondFactorFailure(
                    flow, reason: "Invalid MFA code", sourceIp: sourceIp, requestId: requestId, at: now, in: &tx)
                return .failed(.invalidCode)
            case .lockedOut:
                return .failed(.throttled)
            }
        }
    }

    /// A refused second factor of any kind: one more failure from the address, and a failed ConsoleLogin
    /// in the audit trail.
    static func recordSecondFactorFailure(
        _ flow: SignInFlow, reason: String, sourceIp: String, requestId: String, at now: Date,
        in tx: inout StoreTransaction
    ) {
        SignInThrottles.recordFailure([.address(sourceIp)], in: &tx, at: now)
        tx.append(
            consoleLogin(
                account: flow.account, userName: flow.userName, success: false, mfaUsed: true, requestId: requestId,
                sourceIp: sourceIp, at: now, reason: reason))
    }
}

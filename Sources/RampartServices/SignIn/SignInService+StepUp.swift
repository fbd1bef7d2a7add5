import Foundation
import RampartCore
import RampartStore

extension SignInService {
    /// How long a second factor proved in a session counts as fresh for adding or removing devices.
    public static let stepUpLifetime: TimeInterval = 5 * 60

    /// Whether the session's principal has any MFA device (and so must prove one before changing them).
    public func hasDevices(_ principal: Principal) -> Bool {
        let userName: String? = principal.kind == .root ? nil : principal.name
        return !store.snapshot().devicesInUse(principal.account, by: userName).isEmpty
    }

    /// Whether the session proved a second factor recently enough to change devices without another.
    public func hasFreshMFA(_ principal: Principal) -> Bool {
        guard let at = principal.session?.mfaAuthenticatedAt else { return false }
        return environment.clock.now.timeIntervalSince(at) < Self.stepUpLifetime
    }

    /// A fresh proof in an open session: a code from one of the principal's devices (single use, the
    /// principal's MFA lockout), which then stamps the session as MFA-authenticated now.
    public func stepUp(session token: OpaqueToken?, code: String, sourceIp: String, requestId: String) async throws
        -> SignInFailure?
    {
        let now = environment.clock.now
        guard let (session, _) = liveSession(token, in: store.snapshot(), at: now) else { return .flowExpired }
        let gate = MFAGate(
            secrets: environment.secrets,
            audit: MFAGate.Audit(operation: "ConsoleStepUp", requestId: requestId, sourceIp: sourceIp))
        // Set by the write that commits (a closure may run again), counted after it.
        var checked: MFAOutcome?
        defer { if let checked { environment.metrics.mfaChecked(.totp, MFACheckResult(checked)) } }
        return try await store.write { tx in
            let devices = tx.mfaDevices(session.account, assignedTo: session.userName)
            let (outcome, _) = gate.checkAny(
                code.filter { !$0.isWhitespace }, devices: devices, account: session.account,
                userName: session.userName, at: now, in: &tx)
            checked = outcome
            switch outcome {
            case .accepted:
                var updated = session
                updated.mfaAuthenticatedAt = now
                tx.put(updated)
                return nil
            case .rejected: return .invalidCode
            case .lockedOut: return .throttled
            }
        }
    }
}

import Foundation
import RampartCore
import RampartStore

extension SignInService {
    /// Whether the principal a second-factor flow belongs to has a passkey or security key.
    public func flowHasSecurityKeys(_ token: OpaqueToken?) -> Bool {
        guard let flow = openFlow(token, stage: .secondFactor, at: environment.clock.now) else { return false }
        let snapshot = store.snapshot()
        return settings(flow.account, in: snapshot).allows(.securityKey)
            && !snapshot.webAuthnCredentials(flow.account, ownedBy: flow.userName).isEmpty
    }

    /// Options for the browser to ask a security key, bound to this sign-in flow.
    public func securityKeyOptions(flow token: OpaqueToken?, ceremonies: WebAuthnCeremonies) async throws
        -> AuthenticationOptions?
    {
        guard let flow = openFlow(token, stage: .secondFactor, at: environment.clock.now) else { return nil }
        return try await ceremonies.authenticationOptions(
            account: flow.account, owner: flow.userName, binding: flow.idHash)
    }

    /// The second step with a passkey or security key: the assertion verified against the flow's own
    /// challenge, then a session that carries MFA.
    public func verifySecurityKey(
        flow token: OpaqueToken?, response: CeremonyResponse, ceremonies: WebAuthnCeremonies,
        device: OpaqueToken? = nil, sourceIp: String, requestId: String
    ) async throws -> SignInStep {
        let now = environment.clock.now
        if SignInThrottles.lockedOut([.address(sourceIp)], in: store.snapshot(), at: now) { return .failed(.throttled) }
        guard let flow = openFlow(token, stage: .secondFactor, at: now) else { return .failed(.flowExpired) }
        guard settings(flow.account, in: store.snapshot()).allows(.securityKey) else {
            return .failed(.securityKey("Security keys are not allowed in this account."))
        }
        let credential: WebAuthnCredential
        do {
            credential = try await ceremonies.authenticate(
                response, account: flow.account, owner: flow.userName, binding: flow.idHash, requestId: requestId,
                sourceIp: sourceIp)
        } catch let failure as WebAuthnCeremonies.Failure {
            environment.metrics.mfaChecked(.securityKey, .rejected)
            try await store.write { tx in
                Self.recordSecondFactorFailure(
                    flow, reason: failure.message, sourceIp: sourceIp, requestId: requestId, at: now, in: &tx)
            }
            return .failed(.securityKey(failure.message))
        }
        environment.metrics.mfaChecked(.securityKey, .accepted)
        return try await store.write { tx in
            guard tx.get(SignInFlow.self, flow.idHash) != nil else { return .failed(.flowExpired) }
            return afterSecondFactor(
                flow, device: device, mfaIdentifier: credential.serialNumber(in: tx.partition(of: flow.account)),
                sourceIp: sourceIp,
                requestId: requestId, at: now, in: &tx)
        }
    }

    /// Whether any account on this server allows passkey-first sign-in (the sign-in page offers it then).
    public var passkeySignInOffered: Bool {
        store.snapshot().allAccounts().contains { $0.mfaSettings?.passkeySignIn == true }
    }

    /// Passkey-first sign-in: a discoverable passkey with user verification, and no password. The
    /// passkey's owner signs in with a session that carries MFA (possession plus verification).
    public func signInWithPasskey(
        _ response: CeremonyResponse, binding: String, ceremonies: WebAuthnCeremonies, device: OpaqueToken? = nil,
        sourceIp: String, requestId: String
    ) async throws -> SignInStep {
        let now = environment.clock.now
        if SignInThrottles.lockedOut([.address(sourceIp)], in: store.snapshot(), at: now) { return .failed(.throttled) }
        let credential: WebAuthnCredential
        do {
            credential = try await ceremonies.authenticateDiscoverable(
                response, binding: binding, requestId: requestId, sourceIp: sourceIp)
        } catch let failure as WebAuthnCeremonies.Failure {
            environment.metrics.mfaChecked(.securityKey, .rejected)
            try await store.write { tx in SignInThrottles.recordFailure([.address(sourceIp)], in: &tx, at: now) }
            return .failed(.securityKey(failure.message))
        }
        environment.metrics.mfaChecked(.securityKey, .accepted)
        return try await store.write { tx in
            Self.rememberContext(
                account: credential.account, userName: credential.userName, device: device, sourceIp: sourceIp, at: now,
                in: &tx)
            return Self.startSession(
                account: credential.account, userName: credential.userName, mfaAt: now,
                mfaIdentifier: credential.serialNumber(in: tx.partition(of: credential.account)), sourceIp: sourceIp,
                requestId: requestId,
                at: now, in: &tx)
        }
    }
}

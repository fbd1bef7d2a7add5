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

    /// Whether one of the principal's devices in use already ends its serial number in `/name` (the
    /// comparison a new key's registration makes, ignoring case).
    public func hasDevice(named name: String, _ principal: Principal) -> Bool {
        let userName: String? = principal.kind == .root ? nil : principal.name
        let suffix = "/" + name.lowercased()
        return store.snapshot().devicesInUse(principal.account, by: userName).contains {
            $0.serialNumber.lowercased().hasSuffix(suffix)
        }
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

    /// Whether the principal has an authenticator app or hardware token to step up with a code.
    public func hasCodeDevices(_ principal: Principal) -> Bool {
        let userName: String? = principal.kind == .root ? nil : principal.name
        return !store.snapshot().mfaDevices(principal.account, assignedTo: userName).isEmpty
    }

    /// Whether the session's principal may step up with a passkey or security key: it has one, and the
    /// account allows them.
    public func hasSecurityKeys(_ principal: Principal) -> Bool {
        let userName: String? = principal.kind == .root ? nil : principal.name
        let snapshot = store.snapshot()
        return settings(principal.account, in: snapshot).allows(.securityKey)
            && !snapshot.webAuthnCredentials(principal.account, ownedBy: userName).isEmpty
    }

    /// Options for a step-up with a passkey or security key, bound to the session (nil when it is over).
    public func stepUpOptions(session token: OpaqueToken?, ceremonies: WebAuthnCeremonies) async throws
        -> AuthenticationOptions?
    {
        guard let token, let (session, _) = liveSession(token, in: store.snapshot(), at: environment.clock.now)
        else { return nil }
        return try await ceremonies.authenticationOptions(
            account: session.account, owner: session.userName, binding: session.idHash)
    }

    /// A fresh proof in an open session with a passkey or security key: its assertion, verified against
    /// the session's own challenge, stamps the session as MFA-authenticated now.
    public func stepUp(
        session token: OpaqueToken?, response: CeremonyResponse, ceremonies: WebAuthnCeremonies, sourceIp: String,
        requestId: String
    ) async throws -> SignInFailure? {
        let now = environment.clock.now
        guard let (session, _) = liveSession(token, in: store.snapshot(), at: now) else { return .flowExpired }
        guard settings(session.account, in: store.snapshot()).allows(.securityKey) else {
            return .securityKey("Security keys are not allowed in this account.")
        }
        do {
            _ = try await ceremonies.authenticate(
                response, account: session.account, owner: session.userName, binding: session.idHash,
                requestId: requestId, sourceIp: sourceIp)
        } catch let failure as WebAuthnCeremonies.Failure {
            return .securityKey(failure.message)
        }
        return try await store.write { tx in
            guard var current = tx.get(ConsoleSession.self, session.idHash) else { return .flowExpired }
            current.mfaAuthenticatedAt = now
            tx.put(current)
            return nil
        }
    }
}

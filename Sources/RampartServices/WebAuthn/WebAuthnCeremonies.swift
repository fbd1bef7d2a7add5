import Foundation
import RampartCore
import RampartMFA
import RampartStore

/// Registration and authentication ceremonies for passkeys and security keys, around RampartMFA's
/// verifiers: challenges are issued into the store bound to one sign-in flow or session, verified, and
/// deleted in the write that accepts the response, so each is good once; a credential id is registered
/// once on the server; a signature counter that goes backwards refuses the key as a possible clone.
public struct WebAuthnCeremonies: Sendable {
    public static let challengeLifetime: TimeInterval = 5 * 60
    static let timeoutMilliseconds = 120_000

    let environment: ServiceEnvironment
    let relyingParty: RelyingParty

    public init(environment: ServiceEnvironment, relyingParty: RelyingParty) {
        self.environment = environment
        self.relyingParty = relyingParty
    }

    var store: any Store { environment.store }

    /// Why a ceremony failed, for the page to show; details stay in the audit trail.
    public enum Failure: Error, Sendable, Equatable {
        case challengeUnknown
        case verification(String)
        case duplicateCredential
        case labelInUse
        case limitExceeded
        case unknownCredential
        case clonedAuthenticator
        case passkeySignInOff

        public var message: String {
            switch self {
            case .challengeUnknown: "This request has expired or was already used. Please try again."
            case .verification: "The security key's response could not be verified."
            case .duplicateCredential: "This security key is already registered."
            case .labelInUse: "You already have a device with that name."
            case .limitExceeded: "You already have \(Limits.mfaDevicesInUse) MFA devices, the most allowed."
            case .unknownCredential: "This security key is not registered for this user."
            case .passkeySignInOff: "Signing in with a passkey alone is not enabled for this account."
            case .clonedAuthenticator:
                "This security key reported a signature counter that went backwards; it may be cloned and was refused."
            }
        }
    }

    // MARK: Registration

    public func registrationOptions(for principal: Principal, binding: String) async throws -> RegistrationOptions {
        let owner: String? = principal.kind == .root ? nil : principal.name
        let challenge = try await issue(.registration, account: principal.account, owner: owner, binding: binding)
        let existing = store.snapshot().webAuthnCredentials(principal.account, ownedBy: owner)
        let handle = Base64URL.encode(Array(principal.userId.utf8))
        return RegistrationOptions(
            challenge: challenge, rp: .init(id: relyingParty.id, name: "Rampart"),
            user: .init(id: handle, name: principal.arn, displayName: owner ?? "root"),
            pubKeyCredParams: COSEAlgorithm.allCases.map { .init(alg: $0.rawValue) },
            excludeCredentials: existing.map { .init(id: $0.credentialId) },
            authenticatorSelection: .init(residentKey: "preferred", userVerification: "preferred"),
            attestation: "direct", timeout: Self.timeoutMilliseconds)
    }

    /// The longest name a passkey or security key may have.
    public static let labelMaxLength = 64

    /// A key's name is the last part of its serial number (`…:u2f/user/USER/NAME`), which the API's
    /// SerialNumber members accept only in IAM's name characters (`[\w+=,.@-]`, `\w` in ASCII as Java
    /// has it): the same rule as an authenticator app's name.
    public static func isValidLabel(_ label: String) -> Bool {
        (1...labelMaxLength).contains(label.utf8.count)
            && label.unicodeScalars.allSatisfy {
                $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "+=,.@_-".unicodeScalars.contains($0))
            }
    }

    public func register(
        _ response: CeremonyResponse, for principal: Principal, binding: String, requestId: String, sourceIp: String
    )
        async throws -> WebAuthnCredential
    {
        let owner: String? = principal.kind == .root ? nil : principal.name
        let label = response.label ?? ""
        guard Self.isValidLabel(label) else { throw Failure.verification("label") }
        let (challenge, clientData) = try pendingChallenge(response, purpose: .registration, binding: binding)
        let registered: RegisteredCredential
        do {
            registered = try RegistrationVerifier(relyingParty: relyingParty).verify(
                clientDataJSON: clientData, attestationObject: Base64URL.decode(response.attestationObject ?? "") ?? [],
                expectedChallenge: Base64URL.decode(challenge.challenge) ?? [])
        } catch {
            try await consume(
                challenge, audit: ("WebAuthnRegistrationRejected", owner, "\(error)"), requestId, sourceIp)
            throw Failure.verification("\(error)")
        }
        let now = environment.clock.now
        let credential = WebAuthnCredential(
            account: principal.account, userName: owner, label: label,
            credentialId: Base64URL.encode(registered.credentialId), publicKey: registered.publicKey,
            algorithm: registered.algorithm.rawValue, signCount: registered.signCount,
            backupEligible: registered.backupEligible, backedUp: registered.backedUp,
            userVerified: registered.userVerified, attestation: registered.attestation.name, aaguid: registered.aaguid,
            createDate: now)
        try await store.write { tx in
            guard tx.get(WebAuthnChallenge.self, challenge.challenge) != nil else { throw Failure.challengeUnknown }
            tx.delete(WebAuthnChallenge.self, challenge.challenge)
            guard tx.get(WebAuthnCredential.self, credential.credentialId) == nil else {
                throw Failure.duplicateCredential
            }
            let inUse = tx.devicesInUse(principal.account, by: owner)
            let serialNumber = credential.serialNumber(in: principal.partition)
            guard !inUse.contains(where: { $0.serialNumber.lowercased() == serialNumber.lowercased() })
            else {
                throw Failure.labelInUse
            }
            guard inUse.count < Limits.mfaDevicesInUse else { throw Failure.limitExceeded }
            tx.put(credential)
            tx.append(
                AuditEvent(
                    account: principal.account, time: now, name: "WebAuthnCredentialRegistered", userName: owner,
                    requestId: requestId, sourceIp: sourceIp,
                    details: ["serialNumber": serialNumber, "attestation": credential.attestation]))
        }
        return credential
    }

    // MARK: Authentication

    public func authenticationOptions(account: AccountID, owner: String?, binding: String) async throws
        -> AuthenticationOptions
    {
        let challenge = try await issue(.authentication, account: account, owner: owner, binding: binding)
        let keys = store.snapshot().webAuthnCredentials(account, ownedBy: owner)
        return AuthenticationOptions(
            challenge: challenge, rpId: relyingParty.id, allowCredentials: keys.map { .init(id: $0.credentialId) },
            userVerification: "preferred", timeout: Self.timeoutMilliseconds)
    }

    /// Verifies an assertion for the owner a flow or session belongs to and records the new counter.
    public func authenticate(
        _ response: CeremonyResponse, account: AccountID, owner: String?, binding: String, requestId: String,
        sourceIp: String
    ) async throws -> WebAuthnCredential {
        let (challenge, _) = try pendingChallenge(response, purpose: .authentication, binding: binding)
        guard challenge.account == account, challenge.userName?.lowercased() == owner?.lowercased(),
            let stored = store.snapshot().get(WebAuthnCredential.self, response.id), stored.isOwned(by: owner),
            stored.account == account
        else {
            try await consume(
                challenge, audit: ("WebAuthnAssertionRejected", owner, "unknown credential"), requestId, sourceIp)
            throw Failure.unknownCredential
        }
        return try await verifyAssertion(
            response, challenge: challenge, stored: stored, userVerification: nil, requestId: requestId,
            sourceIp: sourceIp)
    }

    private func verifyAssertion(
        _ response: CeremonyResponse, challenge: WebAuthnChallenge, stored: WebAuthnCredential,
        userVerification: UserVerificationRequirement?, requestId: String, sourceIp: String
    ) async throws -> WebAuthnCredential {
        let owner = stored.userName
        guard let clientData = Base64URL.decode(response.clientDataJSON) else { throw Failure.challengeUnknown }
        let result: AssertionResult
        do {
            let credential = try StoredCredential(
                credentialId: Base64URL.decode(stored.credentialId) ?? [], publicKey: stored.publicKey,
                algorithm: COSEAlgorithm(coseIdentifier: stored.algorithm), signCount: stored.signCount,
                backupEligible: stored.backupEligible)
            result = try AssertionVerifier(relyingParty: relyingParty).verify(
                credentialId: Base64URL.decode(response.id) ?? [], clientDataJSON: clientData,
                authenticatorData: Base64URL.decode(response.authenticatorData ?? "") ?? [],
                signature: Base64URL.decode(response.signature ?? "") ?? [],
                userHandle: response.userHandle.flatMap(Base64URL.decode), credential: credential,
                expectedChallenge: Base64URL.decode(challenge.challenge) ?? [], userVerification: userVerification)
        } catch {
            try await consume(challenge, audit: ("WebAuthnAssertionRejected", owner, "\(error)"), requestId, sourceIp)
            if case .counterRegression = error { throw Failure.clonedAuthenticator }
            throw Failure.verification("\(error)")
        }
        let now = environment.clock.now
        return try await store.write { tx in
            guard tx.get(WebAuthnChallenge.self, challenge.challenge) != nil else { throw Failure.challengeUnknown }
            tx.delete(WebAuthnChallenge.self, challenge.challenge)
            // Another sign-in may have moved the counter since it was read: check again under the write.
            guard var current = tx.get(WebAuthnCredential.self, stored.credentialId) else {
                throw Failure.unknownCredential
            }
            if current.signCount != 0 || result.newSignCount != 0, result.newSignCount <= current.signCount {
                throw Failure.clonedAuthenticator
            }
            current.signCount = result.newSignCount
            current.backedUp = result.backedUp
            current.lastUsedDate = now
            tx.put(current)
            return current
        }
    }

    // MARK: Passkey-first sign-in

    /// Options for a passkey-first sign-in: no credentials listed (the browser offers its discoverable
    /// ones), user verification required. `binding` ties the challenge to the browser's sign-in page.
    public func discoverableOptions(binding: String) async throws -> AuthenticationOptions {
        let challenge = try await issue(
            .discoverable, account: AccountID("000000000000")!, owner: nil, binding: binding)
        return AuthenticationOptions(
            challenge: challenge, rpId: relyingParty.id, allowCredentials: [], userVerification: "required",
            timeout: Self.timeoutMilliseconds)
    }

    /// A passkey-first assertion: the credential names its owner, whose account must allow passkey
    /// sign-in; the authenticator must have verified the user. Returns the credential (its owner signs in).
    public func authenticateDiscoverable(
        _ response: CeremonyResponse, binding: String, requestId: String, sourceIp: String
    ) async throws -> WebAuthnCredential {
        let (challenge, _) = try pendingChallenge(response, purpose: .discoverable, binding: binding)
        let snapshot = store.snapshot()
        guard let stored = snapshot.get(WebAuthnCredential.self, response.id) else {
            try await consume(
                challenge, audit: ("WebAuthnAssertionRejected", nil, "unknown credential"), requestId, sourceIp)
            throw Failure.unknownCredential
        }
        guard snapshot.get(Account.self, stored.account.rawValue)?.mfaSettings?.passkeySignIn == true else {
            try await consume(
                challenge, audit: ("WebAuthnAssertionRejected", stored.userName, "passkey sign-in off"), requestId,
                sourceIp)
            throw Failure.passkeySignInOff
        }
        // Re-bind the pending challenge to the credential's owner, then verify like any assertion, with
        // user verification required: the passkey stands for both factors.
        var owned = challenge
        owned.account = stored.account
        owned.userName = stored.userName
        return try await verifyAssertion(
            response, challenge: owned, stored: stored, userVerification: .required, requestId: requestId,
            sourceIp: sourceIp)
    }

    // MARK: Challenges

    private func issue(_ purpose: WebAuthnChallenge.Purpose, account: AccountID, owner: String?, binding: String)
        async throws -> String
    {
        let challenge = Base64URL.encode(RandomBytes.make(32))
        let now = environment.clock.now
        try await store.write { tx in
            tx.put(
                WebAuthnChallenge(
                    challenge: challenge, purpose: purpose, account: account, userName: owner, bindingHash: binding,
                    expiresAt: now.addingTimeInterval(Self.challengeLifetime)))
        }
        return challenge
    }

    /// The open challenge the response's client data names, issued for this purpose and binding.
    private func pendingChallenge(_ response: CeremonyResponse, purpose: WebAuthnChallenge.Purpose, binding: String)
        throws -> (WebAuthnChallenge, [UInt8])
    {
        guard let clientData = Base64URL.decode(response.clientDataJSON),
            let parsed = try? CollectedClientData(json: clientData),
            let challenge = store.snapshot().get(WebAuthnChallenge.self, Base64URL.encode(parsed.challenge)),
            challenge.purpose == purpose, challenge.bindingHash == binding,
            challenge.expiresAt > environment.clock.now
        else { throw Failure.challengeUnknown }
        return (challenge, clientData)
    }

    /// A failed ceremony still uses up its challenge, so a response cannot be retried with changes.
    private func consume(
        _ challenge: WebAuthnChallenge, audit: (String, String?, String), _ requestId: String, _ sourceIp: String
    ) async throws {
        let now = environment.clock.now
        try await store.write { tx in
            if tx.get(WebAuthnChallenge.self, challenge.challenge) != nil {
                tx.delete(WebAuthnChallenge.self, challenge.challenge)
            }
            tx.append(
                AuditEvent(
                    account: challenge.account, time: now, name: audit.0, userName: audit.1, requestId: requestId,
                    sourceIp: sourceIp, details: ["reason": audit.2]))
        }
    }
}

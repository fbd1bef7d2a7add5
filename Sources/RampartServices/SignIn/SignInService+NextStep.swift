import Foundation
import RampartCore
import RampartStore

extension SignInService {
    /// The account's MFA settings, AWS's defaults until changed.
    func settings(_ account: AccountID, in reader: some EntityReader) -> MFASettings {
        reader.get(Account.self, account.rawValue)?.mfaSettings ?? MFASettings()
    }

    public func mfaSettings(_ account: AccountID) -> MFASettings {
        settings(account, in: store.snapshot())
    }

    /// The devices an owner may sign in with under the account's allowed types.
    func usableDevices(_ account: AccountID, _ userName: String?, in reader: some EntityReader) -> Int {
        let settings = settings(account, in: reader)
        let apps = settings.allows(.authenticatorApp) ? reader.mfaDevices(account, assignedTo: userName).count : 0
        let keys = settings.allows(.securityKey) ? reader.webAuthnCredentials(account, ownedBy: userName).count : 0
        return apps + keys
    }

    /// What follows a right password (and any forced change): a second factor when the principal has a
    /// device and the settings ask for one here; setting one up when it must have MFA and has none; or a
    /// session.
    func afterPassword(
        account: AccountID, userName: String?, device: OpaqueToken?, sourceIp: String, requestId: String, at now: Date,
        in tx: inout StoreTransaction
    ) -> SignInStep {
        let settings = settings(account, in: tx)
        let enrollment =
            tx.get(MFAEnrollment.self, MFAEnrollment.key(account, userName: userName))
            ?? MFAEnrollment(account: account, userName: userName)
        if userName == nil,
            let step = rootUnderMandate(
                account: account, enrollment: enrollment, settings: settings, sourceIp: sourceIp, requestId: requestId,
                at: now, in: &tx)
        {
            return step
        }
        if usableDevices(account, userName, in: tx) > 0 {
            let ask: Bool
            switch settings.prompt {
            case _ where userName == nil: ask = true  // root is always asked
            case .everySignIn: ask = true
            case .never: ask = false
            case .contextChange:
                ask = device.map { enrollment.knownContexts[$0.hash] != SignInNetwork.of(sourceIp) } ?? true
            }
            if ask {
                return .secondFactor(flow: Self.startFlow(account, userName, stage: .secondFactor, at: now, in: &tx))
            }
            return Self.startSession(
                account: account, userName: userName, mfaAt: nil, sourceIp: sourceIp, requestId: requestId, at: now,
                in: &tx)
        }
        let requirement = MFARequirement(snapshot: tx.snapshot, authorizer: environment.authorizer)
        guard requirement.mustHaveMFA(account: account, userName: userName, settings: settings, now: now),
            settings.withoutDevice != .allow
        else {
            return Self.startSession(
                account: account, userName: userName, mfaAt: nil, sourceIp: sourceIp, requestId: requestId, at: now,
                in: &tx)
        }
        if settings.withoutDevice == .block {
            tx.append(enrollmentEvent("MFAEnrollmentBlocked", account, userName, requestId, sourceIp, now))
            return .failed(.mfaRequired)
        }
        var updated = enrollment
        if updated.firstPromptedAt == nil { updated.firstPromptedAt = now }
        tx.put(updated)
        tx.append(enrollmentEvent("MFAEnrollmentPrompted", account, userName, requestId, sourceIp, now))
        return .enroll(flow: Self.startFlow(account, userName, stage: .enroll, at: now, in: &tx))
    }

    /// What follows a second factor proved in `flow` (a code, a recovery code or a security key): the flow
    /// is over, the browser and network are remembered, and a session with MFA opens, unless the mandate
    /// still wants the root user to set up another kind of device (see `rootUnderMandate`).
    func afterSecondFactor(
        _ flow: SignInFlow, device: OpaqueToken?, mfaIdentifier: String? = nil, sourceIp: String, requestId: String,
        at now: Date, in tx: inout StoreTransaction
    ) -> SignInStep {
        tx.delete(SignInFlow.self, flow.idHash)
        Self.rememberContext(
            account: flow.account, userName: flow.userName, device: device, sourceIp: sourceIp, at: now, in: &tx)
        // The password change a user with a device faces after proving it (see `signIn`), with MFA.
        if let userName = flow.userName, let user = tx.get(User.self, User.key(flow.account, userName)),
            Self.mustChangePassword(user, in: tx, at: now)
        {
            return .changePassword(
                flow: Self.startFlow(flow.account, userName, stage: .changePassword, mfaAt: now, at: now, in: &tx))
        }
        if flow.userName == nil {
            let enrollment =
                tx.get(MFAEnrollment.self, MFAEnrollment.key(flow.account, userName: nil))
                ?? MFAEnrollment(account: flow.account, userName: nil)
            if let step = rootUnderMandate(
                account: flow.account, enrollment: enrollment, settings: settings(flow.account, in: tx), provedAt: now,
                sourceIp: sourceIp, requestId: requestId, at: now, in: &tx)
            {
                return step
            }
        }
        return Self.startSession(
            account: flow.account, userName: flow.userName, mfaAt: now, mfaIdentifier: mfaIdentifier,
            sourceIp: sourceIp, requestId: requestId, at: now, in: &tx)
    }

    /// Whether the principal must have MFA (root always; users by the account's settings): such a
    /// principal may not remove its last device.
    public func mustHaveMFA(_ principal: Principal) -> Bool {
        let snapshot = store.snapshot()
        let userName: String? = principal.kind == .root ? nil : principal.name
        return MFARequirement(snapshot: snapshot, authorizer: environment.authorizer).mustHaveMFA(
            account: principal.account, userName: userName, settings: settings(principal.account, in: snapshot),
            now: environment.clock.now)
    }

    /// Whole days left to skip setting up MFA, or nil when the grace period is over. The root user's
    /// grace is the mandate's.
    public func graceDaysLeft(flow token: OpaqueToken?) -> Int? {
        let now = environment.clock.now
        guard let flow = openFlow(token, stage: .enroll, at: now) else { return nil }
        let snapshot = store.snapshot()
        if flow.userName == nil, let account = snapshot.get(Account.self, flow.account.rawValue) {
            let assessment = MandateService.assess(account, in: snapshot, plans: environment.mandatePlans, now: now)
            switch assessment.status {
            case .inGrace, .due: return assessment.daysLeft
            case .blocked: return nil
            default: return 1  // no longer required: nothing to count down, skipping is harmless
            }
        }
        let settings = settings(flow.account, in: snapshot)
        let started =
            snapshot.get(MFAEnrollment.self, MFAEnrollment.key(flow.account, userName: flow.userName))?.firstPromptedAt
            ?? now
        let left = TimeInterval(settings.gracePeriodDays) * 86_400 - now.timeIntervalSince(started)
        return left > 0 ? Int((left / 86_400).rounded(.up)) : nil
    }

    /// "Skip for now": a session without MFA, while the grace period lasts.
    public func skipEnrollment(
        flow token: OpaqueToken?, device: OpaqueToken? = nil, sourceIp: String, requestId: String
    ) async throws -> SignInStep {
        let now = environment.clock.now
        guard let flow = openFlow(token, stage: .enroll, at: now) else { return .failed(.flowExpired) }
        guard graceDaysLeft(flow: token) != nil else { return .failed(.graceOver) }
        return try await store.write { tx in
            tx.delete(SignInFlow.self, flow.idHash)
            var enrollment =
                tx.get(MFAEnrollment.self, MFAEnrollment.key(flow.account, userName: flow.userName))
                ?? MFAEnrollment(account: flow.account, userName: flow.userName)
            enrollment.skips += 1
            tx.put(enrollment)
            tx.append(enrollmentEvent("MFAEnrollmentSkipped", flow.account, flow.userName, requestId, sourceIp, now))
            Self.trust(device, account: flow.account, userName: flow.userName, at: now, in: &tx)
            return Self.startSession(
                account: flow.account, userName: flow.userName, mfaAt: flow.mfaAuthenticatedAt, sourceIp: sourceIp,
                requestId: requestId, at: now, in: &tx)
        }
    }

    /// "Set up MFA now": a session that can do nothing but add a device.
    public func beginEnrollment(
        flow token: OpaqueToken?, device: OpaqueToken? = nil, sourceIp: String, requestId: String
    ) async throws -> SignInStep {
        let now = environment.clock.now
        guard let flow = openFlow(token, stage: .enroll, at: now) else { return .failed(.flowExpired) }
        return try await store.write { tx in
            tx.delete(SignInFlow.self, flow.idHash)
            Self.trust(device, account: flow.account, userName: flow.userName, at: now, in: &tx)
            return Self.startSession(
                account: flow.account, userName: flow.userName, mfaAt: flow.mfaAuthenticatedAt, sourceIp: sourceIp,
                requestId: requestId, at: now, mustEnroll: true, in: &tx)
        }
    }

    /// Whether a session may only set up a device (it was opened for that and none exists yet).
    public func mustEnroll(session token: OpaqueToken?) -> Bool {
        let snapshot = store.snapshot()
        guard let (session, _) = liveSession(token, in: snapshot, at: environment.clock.now),
            session.mustEnroll == true
        else { return false }
        // The root user is done when the mandate is satisfied: under PHISHING_RESISTANT an
        // authenticator app it already had does not end the enrollment a security key is wanted for.
        if session.userName == nil, let account = snapshot.get(Account.self, session.account.rawValue) {
            let now = environment.clock.now
            return MandateService.assess(account, in: snapshot, plans: environment.mandatePlans, now: now).needsDevice
        }
        return snapshot.devicesInUse(session.account, by: session.userName).isEmpty
    }

    /// Remembers the browser and network that just proved a second factor, for context-aware prompting,
    /// and trusts the browser for this principal's lockouts.
    static func rememberContext(
        account: AccountID, userName: String?, device: OpaqueToken?, sourceIp: String, at now: Date,
        in tx: inout StoreTransaction
    ) {
        guard let device else { return }
        trust(device, account: account, userName: userName, at: now, in: &tx)
        var enrollment =
            tx.get(MFAEnrollment.self, MFAEnrollment.key(account, userName: userName))
            ?? MFAEnrollment(account: account, userName: userName)
        if enrollment.knownContexts.count >= 50 { enrollment.knownContexts.removeAll() }
        enrollment.knownContexts[device.hash] = SignInNetwork.of(sourceIp)
        tx.put(enrollment)
    }

    /// `device` as a trusted browser of the principal (its record names the counters the browser's
    /// failures go to); nil when the browser never completed a sign-in of this principal.
    static func trustedBrowser(
        _ device: OpaqueToken?, account: AccountID, userName: String?, in reader: some EntityReader
    ) -> TrustedBrowser? {
        guard let device, let principalId = reader.uniqueId(of: account, userName: userName) else { return nil }
        return reader.get(TrustedBrowser.self, TrustedBrowser.key(principalId: principalId, deviceHash: device.hash))
    }

    /// Marks `device` as a browser that completed a sign-in of the principal (see TrustedBrowser).
    static func trust(
        _ device: OpaqueToken?, account: AccountID, userName: String?, at now: Date, in tx: inout StoreTransaction
    ) {
        guard let device, let principalId = tx.uniqueId(of: account, userName: userName) else { return }
        let key = TrustedBrowser.key(principalId: principalId, deviceHash: device.hash)
        var browser =
            tx.get(TrustedBrowser.self, key)
            ?? TrustedBrowser(deviceHash: device.hash, account: account, principalId: principalId, at: now)
        browser.lastSignIn = now
        tx.put(browser)
    }

    func enrollmentEvent(
        _ name: String, _ account: AccountID, _ userName: String?, _ requestId: String, _ sourceIp: String, _ now: Date
    ) -> AuditEvent {
        AuditEvent(
            account: account, time: now, name: name, userName: userName, requestId: requestId, sourceIp: sourceIp,
            details: [:])
    }
}

/// The network an address belongs to, for "the sign-in context changed": its /24 (IPv4) or /64 (IPv6).
enum SignInNetwork {
    static func of(_ address: String) -> String {
        if address.contains(":") {
            let groups = address.split(separator: ":", omittingEmptySubsequences: false).prefix(4)
            return groups.joined(separator: ":") + "::/64"
        }
        let octets = address.split(separator: ".").prefix(3)
        return octets.joined(separator: ".") + ".0/24"
    }
}

import Foundation
import RampartCore
import RampartStore

/// Console sign-in as a sequence of steps: password, then (when the principal must) a new password, then
/// a second factor, ending in a console session. Each step is one function of what was typed, the flow
/// cookie and the store, returning where to go next; the console turns that into pages and cookies.
///
/// Guessing is limited three ways, each with its own counter: a principal's passwords, its MFA codes
/// (shared with the API through MFAGate), and everything that fails from one address. Unknown principals
/// are counted and hashed like known ones, so neither the answer nor its timing tells whether one exists.
public struct SignInService: Sendable {
    public static let flowLifetime: TimeInterval = 10 * 60
    /// AWS ends IAM users' console sessions after 12 hours and the root user's after one.
    public static let userSessionLifetime: TimeInterval = 12 * 3600
    public static let rootSessionLifetime: TimeInterval = 3600

    let environment: ServiceEnvironment

    public init(environment: ServiceEnvironment) {
        self.environment = environment
    }

    var store: any Store { environment.store }

    /// Who typed what, as the store knows it: nil fields when no such principal exists.
    struct Claimant {
        var subject: SignInThrottle.Subject
        var account: AccountID?
        var userName: String?
        var password: PasswordHash?
        var user: User?
    }

    /// `device` is the browser's device cookie, which context-aware prompting recognizes.
    public func signIn(_ attempt: SignInAttempt, device: OpaqueToken? = nil, sourceIp: String, requestId: String)
        async throws -> SignInStep
    {
        let now = environment.clock.now
        let snapshot = store.snapshot()
        if case .root(let email) = attempt.identity, let partition = Self.rootlessPartition(email, in: snapshot) {
            return .failed(.noRootUser(partition: partition))
        }
        let claimant = Self.claimant(for: attempt.identity, in: snapshot)
        let (judgedBy, counted, cleared) = Self.counters(
            for: claimant, device: device, sourceIp: sourceIp, in: snapshot)
        if SignInThrottles.lockedOut(judgedBy, in: snapshot, at: now) {
            return .failed(.throttled)
        }
        let stored = claimant.password ?? decoyHash()
        let hasher = environment.passwords
        let password = attempt.password
        let matches = await OffLoop.run { hasher.verify(password, against: stored) }
        guard matches, claimant.password != nil, let account = claimant.account else {
            try await store.write { tx in
                SignInThrottles.recordFailure(counted, in: &tx, at: now)
                if let account = claimant.account {
                    tx.append(
                        Self.consoleLogin(
                            account: account, userName: claimant.userName, success: false, mfaUsed: false,
                            requestId: requestId, sourceIp: sourceIp, at: now, reason: "Failed authentication"))
                }
            }
            return .failed(.invalidCredentials)
        }
        return try await store.write { tx in
            SignInThrottles.clear(cleared, in: &tx)
            if let user = claimant.user, Self.mustChangePassword(user, in: tx, at: now) {
                // A user with a device proves it first, as on AWS: the change is then authorized with MFA,
                // so a policy that denies everything without MFA (the force-MFA policy) does not stop it.
                if usableDevices(account, user.name, in: tx) > 0 {
                    return .secondFactor(
                        flow: Self.startFlow(account, claimant.userName, stage: .secondFactor, at: now, in: &tx))
                }
                return .changePassword(
                    flow: Self.startFlow(account, claimant.userName, stage: .changePassword, at: now, in: &tx))
            }
            let next = afterPassword(
                account: account, userName: claimant.userName, device: device, sourceIp: sourceIp,
                requestId: requestId, at: now, in: &tx)
            if case .signedIn = next {
                Self.trust(device, account: account, userName: claimant.userName, at: now, in: &tx)
            }
            return next
        }
    }

    /// The partition of the account an email names when that account has no root user, and no account
    /// with a root user has the email.
    static func rootlessPartition(_ email: String, in snapshot: StoreSnapshot) -> Partition? {
        let partitions = snapshot.accounts(withRootEmail: email).map(\.effectivePartition)
        guard let rootless = partitions.first(where: { !$0.hasRootUsers }), partitions.allSatisfy({ !$0.hasRootUsers })
        else { return nil }
        return rootless
    }

    /// The principal the identity names. Unknown ones still get a throttle subject of their own, so that
    /// guessing at a name that does not exist locks out exactly like guessing at one that does.
    static func claimant(for identity: SignInAttempt.Identity, in snapshot: StoreSnapshot) -> Claimant {
        switch identity {
        case .root(let email):
            let account = snapshot.rootUserAccount(email: email)
            let placeholder = AccountID("000000000000")!
            return Claimant(
                subject: .password(
                    account: account?.id ?? placeholder, userName: account == nil ? "unknown:\(email)" : nil),
                account: account?.id, userName: nil, password: account?.rootPassword, user: nil)
        case .iamUser(let accountText, let userName):
            let accountId =
                AccountID(accountText) ?? snapshot.get(AccountAlias.self, accountText.lowercased())?.account
                ?? snapshot.get(AccountAlias.self, accountText)?.account
            let user = accountId.flatMap { snapshot.get(User.self, User.key($0, userName)) }
            let subject: SignInThrottle.Subject =
                if let user {
                    .password(account: user.account, userName: user.name)
                } else {
                    .password(account: AccountID("000000000000")!, userName: "unknown:\(accountText)/\(userName)")
                }
            return Claimant(
                subject: subject, account: user?.account, userName: user?.name,
                password: user?.loginProfile?.password, user: user)
        }
    }

    /// Whether the user's password must be changed before anything else (see the next function).
    static func mustChangePassword(_ user: User, in reader: some EntityReader, at now: Date) -> Bool {
        guard let profile = user.loginProfile else { return false }
        return mustChangePassword(
            profile, policy: reader.get(Account.self, user.account.rawValue)?.passwordPolicy, at: now)
    }

    /// PasswordResetRequired, or a password older than the policy's MaxPasswordAge.
    static func mustChangePassword(_ profile: LoginProfile, policy: PasswordPolicy?, at now: Date) -> Bool {
        if profile.passwordResetRequired { return true }
        guard let policy, policy.maxPasswordAge > 0 else { return false }
        return now.timeIntervalSince(profile.passwordLastChanged) > TimeInterval(policy.maxPasswordAge) * 86_400
    }

    /// Something to hash a password against when there is no principal, at the real hash's cost.
    func decoyHash() -> PasswordHash {
        let hasher = environment.passwords
        return PasswordHash(
            algorithm: "scrypt", parameters: ["N": hasher.rounds, "r": hasher.blockSize, "p": hasher.parallelism],
            salt: RandomBytes.make(16), hash: RandomBytes.make(32))
    }

    static func startFlow(
        _ account: AccountID, _ userName: String?, stage: SignInFlow.Stage, mfaAt: Date? = nil, at now: Date,
        in tx: inout StoreTransaction
    ) -> OpaqueToken {
        let token = OpaqueToken.random()
        var flow = SignInFlow(
            idHash: token.hash, account: account, userName: userName, stage: stage, createdAt: now,
            expiresAt: now.addingTimeInterval(flowLifetime))
        flow.mfaAuthenticatedAt = mfaAt
        if let userName { flow.userId = tx.get(User.self, User.key(account, userName))?.id }
        tx.put(flow)
        return token
    }

    /// The flow a cookie names, if it is still open and at `stage`, and its user is still the one whose
    /// password was checked (not deleted, nor replaced by another user of its name).
    func openFlow(_ token: OpaqueToken?, stage: SignInFlow.Stage, at now: Date) -> SignInFlow? {
        let snapshot = store.snapshot()
        guard let token, let flow = snapshot.get(SignInFlow.self, token.hash), flow.stage == stage,
            flow.expiresAt > now
        else { return nil }
        if let userName = flow.userName {
            guard let userId = flow.userId, snapshot.user(flow.account, named: userName, id: userId) != nil else {
                return nil
            }
        }
        return flow
    }

    /// Whether the flow a cookie names is still open at `stage`: a page of that step is worth showing.
    public func flowIsOpen(_ token: OpaqueToken?, at stage: SignInFlow.Stage) -> Bool {
        openFlow(token, stage: stage, at: environment.clock.now) != nil
    }

    static func consoleLogin(
        account: AccountID, userName: String?, success: Bool, mfaUsed: Bool, mfaIdentifier: String? = nil,
        requestId: String, sourceIp: String, at now: Date, reason: String? = nil
    ) -> AuditEvent {
        var details = ["result": success ? "Success" : "Failure", "MFAUsed": mfaUsed ? "Yes" : "No"]
        if let reason { details["reason"] = reason }
        if let mfaIdentifier { details["MFAIdentifier"] = mfaIdentifier }
        return AuditEvent(
            account: account, time: now, name: "ConsoleLogin", userName: userName, requestId: requestId,
            sourceIp: sourceIp, details: details)
    }
}

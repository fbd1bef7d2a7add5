import Foundation
import RampartCore
import RampartStore

extension SignInService {
    /// A new console session for the principal, recorded as a ConsoleLogin event that names the MFA
    /// device proved (`mfaIdentifier`, its serial number or ARN) when one was.
    static func startSession(
        account: AccountID, userName: String?, mfaAt: Date?, mfaIdentifier: String? = nil, sourceIp: String,
        requestId: String, at now: Date, mustEnroll: Bool = false, in tx: inout StoreTransaction
    ) -> SignInStep {
        let token = OpaqueToken.random()
        let lifetime = userName == nil ? rootSessionLifetime : userSessionLifetime
        var session = ConsoleSession(
            idHash: token.hash, account: account, userName: userName, createdAt: now,
            expiresAt: now.addingTimeInterval(lifetime), mfaAuthenticatedAt: mfaAt, sourceIp: sourceIp)
        if let userName { session.userId = tx.get(User.self, User.key(account, userName))?.id }
        if mustEnroll { session.mustEnroll = true }
        tx.put(session)
        recordPasswordUse(account: account, userName: userName, at: now, in: &tx)
        tx.append(
            consoleLogin(
                account: account, userName: userName, success: true, mfaUsed: mfaAt != nil,
                mfaIdentifier: mfaIdentifier, requestId: requestId, sourceIp: sourceIp, at: now))
        return .signedIn(session: token, expiresAt: session.expiresAt)
    }

    /// Every console session starts with the password (a passkey or code is the second step), so
    /// opening one is the password's use: GetUser's `PasswordLastUsed` and the credential report
    /// read it. AWS keeps the first use in each five-minute span; this keeps every one.
    static func recordPasswordUse(account: AccountID, userName: String?, at now: Date, in tx: inout StoreTransaction) {
        if let userName {
            guard var user = tx.get(User.self, User.key(account, userName)) else { return }
            user.passwordLastUsed = now
            tx.put(user)
        } else if var record = tx.get(Account.self, account.rawValue) {
            record.rootPasswordLastUsed = now
            tx.put(record)
        }
    }

    /// The session a cookie names if it may still be used, with its user (nil for root): known, not
    /// expired, and its principal still the one it was opened for — the user with its unique id, not one
    /// created since under its name, or for root an account that exists. Every use of a session cookie
    /// goes through here.
    func liveSession(_ token: OpaqueToken?, in snapshot: StoreSnapshot, at now: Date) -> (ConsoleSession, User?)? {
        guard let token, let session = snapshot.get(ConsoleSession.self, token.hash), session.expiresAt > now else {
            return nil
        }
        guard let userName = session.userName else {
            return snapshot.get(Account.self, session.account.rawValue) == nil ? nil : (session, nil)
        }
        guard let userId = session.userId, let user = snapshot.user(session.account, named: userName, id: userId)
        else { return nil }
        return (session, user)
    }

    /// The principal the console acts as for a session cookie: the role session after "Switch role",
    /// otherwise the signed-in principal as temporary credentials that carry the sign-in's MFA facts. Nil
    /// when the cookie is unknown, signed out, expired, or its user is gone (deleted, even if another user
    /// now has its name), and nil while a switched role's session has ended (see `ConsoleIdentity.acting`).
    public func principal(forSession token: OpaqueToken?) -> Principal? {
        identity(forSession: token)?.acting
    }

    /// Whom a session cookie stands for: the signed-in principal and, when switched, the role session.
    /// Nil when the console session itself is unknown or over.
    public func identity(forSession token: OpaqueToken?) -> ConsoleIdentity? {
        let snapshot = store.snapshot()
        let now = environment.clock.now
        guard let (session, user) = liveSession(token, in: snapshot, at: now) else { return nil }
        let partition = snapshot.partition(of: session.account)
        var identity = ConsoleIdentity(
            signedIn: Self.signedInPrincipal(session, user, in: partition), switchedRole: session.switchedRole,
            role: nil)
        if let switched = session.switchedRole, Self.roleSessionLives(switched, of: session, in: snapshot, at: now) {
            // A role switched into is in the signed-in principal's partition: AssumeRole never crosses one.
            identity.role = Self.rolePrincipal(switched, of: session, in: partition)
        }
        return identity
    }

    /// The principal that signed in, as temporary credentials of the console session; `partition` is its
    /// account's.
    static func signedInPrincipal(_ session: ConsoleSession, _ user: User?, in partition: Partition) -> Principal {
        let keyId = "ASIA" + session.idHash.prefix(16).uppercased()
        var temporary: TemporarySession
        if let user {
            temporary = TemporarySession(
                source: .console, accessKeyId: keyId, secretAccessKey: "", account: session.account, kind: .user,
                name: user.name, path: user.path, principalId: user.id, roleSessionName: nil,
                issuedAt: session.createdAt, expiresAt: session.expiresAt)
        } else {
            temporary = TemporarySession(
                source: .console, accessKeyId: keyId, secretAccessKey: "", account: session.account, kind: .root,
                name: "root", path: "/", principalId: session.account.rawValue, roleSessionName: nil,
                issuedAt: session.createdAt, expiresAt: session.expiresAt)
        }
        temporary.mfaAuthenticatedAt = session.mfaAuthenticatedAt
        return temporary.principal(in: partition)
    }

    /// Whether a switched role's session may still be used: not expired (nor outliving its console
    /// session), and its role still the one assumed, by unique id.
    static func roleSessionLives(
        _ switched: ConsoleSession.SwitchedRole, of session: ConsoleSession, in snapshot: StoreSnapshot, at now: Date
    ) -> Bool {
        guard switched.expiresAt > now, switched.expiresAt <= session.expiresAt else { return false }
        return snapshot.role(switched.account, named: switched.roleName, id: switched.roleId) != nil
    }

    /// The switched role's session as the principal the console acts as: an assumed role with the MFA
    /// facts it was given when it was assumed.
    static func rolePrincipal(
        _ switched: ConsoleSession.SwitchedRole, of session: ConsoleSession, in partition: Partition
    ) -> Principal {
        var temporary = TemporarySession(
            source: .assumeRole, accessKeyId: "ASIA" + session.idHash.dropFirst(16).prefix(16).uppercased(),
            secretAccessKey: "", account: switched.account, kind: .assumedRole, name: switched.roleName,
            path: switched.path, principalId: switched.roleId, roleSessionName: switched.roleSessionName,
            issuedAt: switched.issuedAt, expiresAt: switched.expiresAt)
        temporary.mfaAuthenticatedAt = switched.mfaAuthenticatedAt
        return temporary.principal(in: partition)
    }

    /// Ends a session: its record goes, so the cookie is worth nothing from now on.
    public func signOut(session token: OpaqueToken?) async throws {
        guard let token else { return }
        try await store.write { tx in
            if tx.get(ConsoleSession.self, token.hash) != nil { tx.delete(ConsoleSession.self, token.hash) }
        }
    }
}

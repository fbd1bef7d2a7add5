import Foundation
import RampartCore
import RampartStore

extension SignInService {
    /// A new console session for the principal, recorded as a ConsoleLogin event.
    static func startSession(
        account: AccountID, userName: String?, mfaAt: Date?, sourceIp: String, requestId: String, at now: Date,
        mustEnroll: Bool = false, in tx: inout StoreTransaction
    ) -> SignInStep {
        let token = OpaqueToken.random()
        let lifetime = userName == nil ? rootSessionLifetime : userSessionLifetime
        var session = ConsoleSession(
            idHash: token.hash, account: account, userName: userName, createdAt: now,
            expiresAt: now.addingTimeInterval(lifetime), mfaAuthenticatedAt: mfaAt, sourceIp: sourceIp)
        if let userName { session.userId = tx.get(User.self, User.key(account, userName))?.id }
        if mustEnroll { session.mustEnroll = true }
        tx.put(session)
        tx.append(
            consoleLogin(
                account: account, userName: userName, success: true, mfaUsed: mfaAt != nil, requestId: requestId,
                sourceIp: sourceIp, at: now))
        return .signedIn(session: token, expiresAt: session.expiresAt)
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

    /// The principal a session cookie stands for, as temporary credentials that carry the sign-in's MFA
    /// facts; nil when the cookie is unknown, signed out, expired, or its user is gone (deleted, even if
    /// another user now has its name).
    public func principal(forSession token: OpaqueToken?) -> Principal? {
        guard let (session, user) = liveSession(token, in: store.snapshot(), at: environment.clock.now) else {
            return nil
        }
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
        return temporary.principal
    }

    /// Ends a session: its record goes, so the cookie is worth nothing from now on.
    public func signOut(session token: OpaqueToken?) async throws {
        guard let token else { return }
        try await store.write { tx in
            if tx.get(ConsoleSession.self, token.hash) != nil { tx.delete(ConsoleSession.self, token.hash) }
        }
    }
}

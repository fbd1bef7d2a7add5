import Foundation
import RampartCore
import RampartStore

/// A principal's own open console sessions, and signing one or all of them out. AWS has no API for
/// console sessions; these act only on the sessions of the principal that asks.
extension SignInService {
    public struct OpenSession: Sendable, Equatable {
        /// The store's key of the session (a hash of its cookie, which it cannot be turned back into).
        public var id: String
        public var createdAt: Date
        public var expiresAt: Date
        public var sourceIp: String
        public var mfa: Bool
        public var isCurrent: Bool
    }

    /// The open sessions of the signed-in principal of `token`'s session, newest first.
    public func openSessions(of token: OpaqueToken?) -> [OpenSession] {
        let snapshot = store.snapshot()
        let now = environment.clock.now
        guard let (current, _) = liveSession(token, in: snapshot, at: now) else { return [] }
        return snapshot.all(ConsoleSession.self, account: current.account.rawValue)
            .filter { Self.sameOwner($0, current) && $0.expiresAt > now }
            .sorted { $0.createdAt > $1.createdAt }
            .map {
                OpenSession(
                    id: $0.idHash, createdAt: $0.createdAt, expiresAt: $0.expiresAt, sourceIp: $0.sourceIp,
                    mfa: $0.mfaAuthenticatedAt != nil, isCurrent: $0.idHash == current.idHash)
            }
    }

    /// Signs out the sessions of the same principal named by `ids`, or all of them but the current one
    /// when `ids` is nil; the number signed out.
    @discardableResult
    public func signOut(sessions ids: Set<String>?, of token: OpaqueToken?) async throws -> Int {
        let now = environment.clock.now
        return try await store.write { tx in
            guard let (current, _) = self.liveSession(token, in: tx.snapshot, at: now) else { return 0 }
            var count = 0
            for session in tx.all(ConsoleSession.self, account: current.account.rawValue)
            where Self.sameOwner(session, current) && session.idHash != current.idHash
                && (ids?.contains(session.idHash) ?? true)
            {
                tx.delete(ConsoleSession.self, session.idHash)
                count += 1
            }
            return count
        }
    }

    private static func sameOwner(_ session: ConsoleSession, _ current: ConsoleSession) -> Bool {
        session.userName?.lowercased() == current.userName?.lowercased() && session.userId == current.userId
    }
}

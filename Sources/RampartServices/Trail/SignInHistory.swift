import Foundation
import RampartCore
import RampartStore

/// A person's own recent console sign-ins, for their security page: the `ConsoleLogin` events of
/// one root user or IAM user in its account's trail, newest first.
///
/// A lookup takes one attribute, so this looks up the principal's `Username` (`root` for the root
/// user) and keeps the `ConsoleLogin` events whose identity is this very principal: its type, and
/// its unique id, so a user created since under a deleted user's name does not see the deleted
/// user's sign-ins, and an IAM user named `root` does not see the root user's. The same name also
/// finds every API call the principal made, and a busy access key can bury the last sign-in under
/// thousands of them; the search reads at most `pageBound` pages of `pageSize` events, so the page
/// costs the same however busy the keys are, and says when it stopped short.
public struct SignInHistory: Sendable {
    /// One console sign-in attempt as its ConsoleLogin event tells it.
    public struct Entry: Sendable, Equatable {
        public var time: Date
        public var sourceIp: String
        public var mfaUsed: Bool
        /// The MFA device proved: an authenticator's serial number or a passkey's ARN.
        public var mfaIdentifier: String?
        public var succeeded: Bool
        /// Why it failed (the event's `errorMessage`).
        public var failureReason: String?

        /// The sign-in an event records when it is a ConsoleLogin of the principal whose identity
        /// type (`Root`, `IAMUser`) and unique id are given; nil for any other event.
        public init?(_ event: TrailEvent, identityType: String, principalId: String) {
            guard event.eventName == "ConsoleLogin",
                let body = try? JSONSerialization.jsonObject(with: Data(event.body.utf8)) as? [String: Any],
                let identity = body["userIdentity"] as? [String: Any],
                identity["type"] as? String == identityType, identity["principalId"] as? String == principalId
            else { return nil }
            let additional = body["additionalEventData"] as? [String: Any] ?? [:]
            let response = body["responseElements"] as? [String: Any] ?? [:]
            time = event.time
            sourceIp = body["sourceIPAddress"] as? String ?? ""
            mfaUsed = additional["MFAUsed"] as? String == "Yes"
            mfaIdentifier = (additional["MFAIdentifier"] as? String).flatMap { $0.isEmpty ? nil : $0 }
            succeeded = response["ConsoleLogin"] as? String == "Success"
            failureReason = body["errorMessage"] as? String
        }
    }

    /// What a search found, and whether it read every event of the span or stopped at the bound.
    public struct Recent: Sendable, Equatable {
        public var entries: [Entry]
        public var searchedAll: Bool

        public init(entries: [Entry], searchedAll: Bool) {
            self.entries = entries
            self.searchedAll = searchedAll
        }
    }

    /// Events read a page; with `pageBound`, at most 500 events a search.
    public static let pageSize = 100
    public static let pageBound = 5

    let store: any Store

    public init(environment: ServiceEnvironment) {
        self.store = environment.store
    }

    /// The latest `limit` sign-ins of the root user or IAM user `principal` from `start` to `end`.
    public func recent(of principal: Principal, from start: Date, to end: Date, limit: Int = 10) async throws
        -> Recent
    {
        let (type, username) = principal.kind == .root ? ("Root", "root") : ("IAMUser", principal.name)
        return try await recent(
            account: principal.account, type: type, username: username, principalId: principal.uniqueId, from: start,
            to: end, limit: limit)
    }

    /// The latest sign-ins of the IAM user `userName` (unique id `userId`), as an administrator's page of
    /// that user shows them.
    public func recent(
        ofUser userName: String, userId: String, account: AccountID, from start: Date, to end: Date, limit: Int = 10
    ) async throws -> Recent {
        try await recent(
            account: account, type: "IAMUser", username: userName, principalId: userId, from: start, to: end,
            limit: limit)
    }

    private func recent(
        account: AccountID, type: String, username: String, principalId: String, from start: Date, to end: Date,
        limit: Int
    ) async throws -> Recent {
        var query = TrailQuery(
            scope: .account(account), attribute: (.username, username), start: start, end: end,
            limit: Self.pageSize, after: nil)
        var entries = [Entry]()
        for _ in 0..<Self.pageBound {
            let page = try await store.lookupTrail(query)
            for event in page.events {
                guard let entry = Entry(event, identityType: type, principalId: principalId) else { continue }
                entries.append(entry)
                if entries.count == limit { return Recent(entries: entries, searchedAll: true) }
            }
            guard let next = page.next else { return Recent(entries: entries, searchedAll: true) }
            query.after = next
        }
        return Recent(entries: entries, searchedAll: false)
    }
}

import Foundation
import RampartCore
import RampartPolicy
import RampartStore
import Testing

@testable import RampartServices

/// The authorizer keeps each principal's standing policies per committed store state: a change
/// to what a user holds must decide the very next request, in either direction.
struct PolicyAuthorizerCacheTests {
    let account = AccountID("123456789012")!
    let store: SQLiteStore
    let authorizer = PolicyAuthorizer()
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    static let allowListUsers = """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListUsers","Resource":"*"}]}
        """
    static let denyListUsers = """
        {"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:ListUsers","Resource":"*"}]}
        """

    init() throws {
        let folder = try TestFolder.make("authz")
        store = try SQLiteStore(path: folder.appendingPathComponent("t.db").path, recordTypes: RecordTypes.all)
    }

    var alice: Principal {
        Principal(
            account: account, kind: .user, name: "alice", userId: "AIDAALICE",
            arn: "arn:aws:iam::123456789012:user/alice",
            session: nil, accessKeyId: "AKIAALICE")
    }

    func allowed(_ principal: Principal, _ action: String = "iam:ListUsers") -> Bool {
        let request = AuthorizationRequest(principal: principal, action: action, resource: "*")
        if case .allow = authorizer.authorize(request, in: store.snapshot()) { return true }
        return false
    }

    func setInline(_ name: String, _ document: String?) async throws {
        let account = account
        try await store.write { tx in
            var user =
                tx.get(User.self, User.key(account, "alice"))
                ?? User(account: account, name: "alice", id: "AIDAALICE", path: "/", createDate: Date())
            user.policies.inlinePolicies[name] = document
            tx.put(user)
        }
    }

    @Test func grantsAndRevocationsApplyToTheNextRequest() async throws {
        try await setInline("none", nil)
        #expect(!allowed(alice))
        #expect(!allowed(alice))  // now cached as "nothing"
        try await setInline("allow", Self.allowListUsers)
        #expect(allowed(alice))
        #expect(allowed(alice))
        try await setInline("deny", Self.denyListUsers)
        #expect(!allowed(alice))
        try await setInline("deny", nil)
        #expect(allowed(alice))
        try await setInline("allow", nil)
        #expect(!allowed(alice))
    }

    @Test func anOlderSnapshotIsDecidedByWhatItHolds() async throws {
        try await setInline("allow", Self.allowListUsers)
        let before = store.snapshot()
        try await setInline("allow", nil)
        #expect(!allowed(alice))
        let request = AuthorizationRequest(principal: alice, action: "iam:ListUsers", resource: "*")
        // A request that took its snapshot before the revocation still sees the grant...
        if case .deny = authorizer.authorize(request, in: before) { Issue.record("the old snapshot allows") }
        // ...and does not put it back into the table for newer requests.
        #expect(!allowed(alice))
    }

    @Test func sessionPoliciesAreNotSharedBetweenSessions() async throws {
        try await setInline("allow", Self.allowListUsers)
        var restricted = TemporarySession(
            source: .getSessionToken, accessKeyId: "ASIA1", secretAccessKey: "s", account: account, kind: .user,
            name: "alice", path: "/", principalId: "AIDAALICE", roleSessionName: nil, issuedAt: now,
            expiresAt: now.addingTimeInterval(3600))
        restricted.mfaAuthenticatedAt = now  // without MFA these credentials cannot call IAM at all
        restricted.sessionPolicy = Self.denyListUsers
        var open = restricted
        open.sessionPolicy = nil
        #expect(!allowed(restricted.principal(in: .commercial)))
        #expect(allowed(open.principal(in: .commercial)))
        #expect(!allowed(restricted.principal(in: .commercial)))
    }

    @Test func everyRequestContextKeyIsPrepared() {
        var session = TemporarySession(
            source: .assumeRole, accessKeyId: "ASIA1", secretAccessKey: "s", account: account, kind: .user,
            name: "alice", path: "/", principalId: "AIDAALICE", roleSessionName: nil, issuedAt: now,
            expiresAt: now.addingTimeInterval(3600))
        session.mfaAuthenticatedAt = now
        let context = RequestContext(principal: session.principal(in: .commercial), now: now, sourceIp: "192.0.2.1")
        #expect(Set(context.values.keys).isSubset(of: RequestContext.keyNames))
        #expect(context.values.count == 12)
    }

    @Test func contextKeysFoldCaseAsIAMDoes() {
        #expect(ContextKey("aws:PrincipalTag/Team").name == "aws:principaltag/team")
        #expect(ContextKey("aws:requestedregion") == ContextKey("AWS:RequestedRegion"))
        #expect(ContextKey("aws:RequestTag/ÉQUIPE").name == "aws:requesttag/équipe")
    }
}

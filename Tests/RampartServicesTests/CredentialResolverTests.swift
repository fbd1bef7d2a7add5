import Foundation
import RampartCore
import RampartStore
import Testing

@testable import RampartServices

/// Credentials belong to a principal's unique id, not its name. Each test is the attack: keep using a
/// session after its user or role is deleted, and pick up the rights of a new one given its name.
struct CredentialResolverTests {
    let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_015))
    let environment: ServiceEnvironment
    let iam: IAMService
    let sts: STSService
    let resolver: CredentialResolver
    let account = AccountID("123456789012")!

    static let trustAccount = """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},\
        "Action":"sts:AssumeRole"}]}
        """
    static let trustOutsider = """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
        "Principal":{"AWS":"arn:aws:iam::123456789012:user/outsider"},"Action":"sts:AssumeRole"}]}
        """
    static let allowAll = """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}
        """

    init() async throws {
        environment = try await .temporary(clock: clock, account: account)
        iam = IAMService(environment: environment)
        sts = STSService(environment: environment)
        resolver = CredentialResolver(environment: environment)
    }

    var root: Principal {
        Principal(
            account: account, kind: .root, name: "root", userId: account.rawValue,
            arn: "arn:aws:iam::\(account.rawValue):root", session: nil, accessKeyId: "AKIAROOT")
    }

    func call(_ principal: Principal) -> CallContext {
        CallContext(principal: principal, requestId: "r", now: clock.now, sourceIp: "192.0.2.1")
    }

    /// The user `name` as its long-term credentials resolve it.
    func longTerm(_ name: String) throws -> Principal {
        let user = try #require(environment.store.snapshot().get(User.self, User.key(account, name)))
        return Principal(
            account: account, kind: .user, name: user.name, userId: user.id, arn: user.arn(in: .commercial),
            session: nil,
            accessKeyId: "AKIA" + name.uppercased())
    }

    func resolve(_ credentials: STS.Credentials) throws(AWSError) -> Principal {
        try resolver.resolve(
            accessKeyId: credentials.accessKeyId, sessionToken: credentials.sessionToken, now: clock.now
        )
        .principal
    }

    func allowed(_ principal: Principal, _ action: String = "iam:ListUsers") -> Bool {
        let request = AuthorizationRequest(principal: principal, action: action, resource: "*")
        if case .allow = environment.authorizer.authorize(request, in: environment.store.snapshot()) { return true }
        return false
    }

    func createRole(_ name: String, trust: String = trustAccount, allowingAll: Bool = false) async throws {
        _ = try await iam.createRole(IAM.CreateRoleRequest(roleName: name, assumeRolePolicyDocument: trust), call(root))
        if allowingAll {
            try await iam.putRolePolicy(
                IAM.PutRolePolicyRequest(roleName: name, policyName: "all", policyDocument: Self.allowAll), call(root))
        }
    }

    @Test func aUsersSessionEndsWithItsUserAndDoesNotPassToTheNextHolderOfTheName() async throws {
        _ = try await iam.createUser(IAM.CreateUserRequest(userName: "alice"), call(root))
        let credentials = try #require(
            try await sts.getSessionToken(STS.GetSessionTokenRequest(), call(try longTerm("alice"))).credentials)
        #expect(try resolve(credentials).arn == "arn:aws:iam::123456789012:user/alice")
        let old = try resolve(credentials)

        try await iam.deleteUser(IAM.DeleteUserRequest(userName: "alice"), call(root))
        #expect(throws: AWSError.invalidClientTokenId) { try resolve(credentials) }

        _ = try await iam.createUser(IAM.CreateUserRequest(userName: "alice"), call(root))
        try await iam.putUserPolicy(
            IAM.PutUserPolicyRequest(userName: "alice", policyName: "all", policyDocument: Self.allowAll), call(root))
        #expect(throws: AWSError.invalidClientTokenId) { try resolve(credentials) }
        // Even a principal that got past authentication before the change has none of the new user's
        // rights. (A session from GetSessionToken without MFA may not call IAM at all; AssumeRole it may.)
        #expect(!allowed(old, "sts:AssumeRole"))
        #expect(allowed(try longTerm("alice"), "sts:AssumeRole"))
    }

    @Test func aRoleSessionEndsWithItsRoleAndDoesNotPassToTheNextRoleOfTheName() async throws {
        try await createRole("deployer")
        let admin = try longTerm("admin")
        let credentials = try #require(
            try await sts.assumeRole(
                STS.AssumeRoleRequest(roleArn: "arn:aws:iam::123456789012:role/deployer", roleSessionName: "s"),
                call(admin)
            ).credentials)
        let old = try resolve(credentials)
        #expect(old.arn == "arn:aws:sts::123456789012:assumed-role/deployer/s")
        #expect(!allowed(old))

        try await iam.deleteRole(IAM.DeleteRoleRequest(roleName: "deployer"), call(root))
        #expect(throws: AWSError.invalidClientTokenId) { try resolve(credentials) }

        // A new role of the name, trusting someone else and allowed everything.
        _ = try await iam.createUser(IAM.CreateUserRequest(userName: "outsider"), call(root))
        try await createRole("deployer", trust: Self.trustOutsider, allowingAll: true)
        #expect(throws: AWSError.invalidClientTokenId) { try resolve(credentials) }
        #expect(!allowed(old))
    }

    @Test func aRoleSessionSeesChangesToItsOwnRole() async throws {
        try await createRole("builder")
        let credentials = try #require(
            try await sts.assumeRole(
                STS.AssumeRoleRequest(roleArn: "arn:aws:iam::123456789012:role/builder", roleSessionName: "s"),
                call(try longTerm("admin"))
            ).credentials)
        #expect(!allowed(try resolve(credentials)))
        try await iam.putRolePolicy(
            IAM.PutRolePolicyRequest(roleName: "builder", policyName: "all", policyDocument: Self.allowAll), call(root))
        #expect(allowed(try resolve(credentials)))
    }

    @Test func rootSessionsAreTheAccountsAndAUserNamedRootIsAUser() async throws {
        let rootSession = try #require(
            try await sts.getSessionToken(STS.GetSessionTokenRequest(), call(root)).credentials)
        _ = try await iam.createUser(IAM.CreateUserRequest(userName: "root"), call(root))
        let userSession = try #require(
            try await sts.getSessionToken(STS.GetSessionTokenRequest(), call(try longTerm("root"))).credentials)
        #expect(try resolve(rootSession).arn == "arn:aws:iam::123456789012:root")
        #expect(try resolve(userSession).arn == "arn:aws:iam::123456789012:user/root")

        try await iam.deleteUser(IAM.DeleteUserRequest(userName: "root"), call(root))
        #expect(throws: AWSError.invalidClientTokenId) { try resolve(userSession) }
        let stillRoot = try resolve(rootSession)
        #expect(stillRoot.kind == .root && stillRoot.arn == "arn:aws:iam::123456789012:root")
        #expect(allowed(stillRoot, "sts:AssumeRole"))
    }

    @Test func anAccessKeyBelongsToTheUserItWasMadeFor() async throws {
        _ = try await iam.createUser(IAM.CreateUserRequest(userName: "bob"), call(root))
        let created = try await iam.createAccessKey(IAM.CreateAccessKeyRequest(userName: "bob"), call(root))
        let keyId = created.accessKey.accessKeyId
        let bob = try longTerm("bob")
        #expect(
            try resolver.resolve(accessKeyId: keyId, sessionToken: nil, now: clock.now).principal.userId == bob.userId)

        // The key's record names bob but was made for another user of that name (as a key that outlived
        // its user would): it must not act as this bob.
        try await environment.store.write { tx in
            var key = try #require(tx.get(AccessKey.self, keyId))
            #expect(key.userId == bob.userId)
            key.userId = "AIDAANOTHERUSER00000"
            tx.put(key)
        }
        #expect(throws: AWSError.invalidClientTokenId) {
            try resolver.resolve(accessKeyId: keyId, sessionToken: nil, now: clock.now)
        }
    }
}

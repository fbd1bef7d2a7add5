import Foundation
import RampartCore
import RampartMFA
import RampartStore
import Testing

@testable import RampartServices

/// What every user here types, and the address it signs in from.
private let password = "Correct-Horse-9-Battery"
private let ip = "192.0.2.20"

/// "Switch role" in the console session model: the switch is STS's AssumeRole from the signed-in
/// identity (trust policy, the caller's own policies, RCPs), the role session keeps the sign-in's MFA
/// facts, is bound to the role's unique id, lasts at most an hour and never outlives the console session,
/// and switching back returns to the signed-in identity.
struct SignInSwitchRoleTests {
    let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_015))
    let management = AccountID("111111111111")!
    let environment: ServiceEnvironment
    let service: SignInService
    let organizations: OrganizationsService
    /// The management account's organization and its one member, created in `init`.
    let organization: Organization
    let member: AccountID

    static let assumeAnyRole =
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}"#

    init() async throws {
        environment = try await .temporary(
            clock: clock, account: management, rootEmail: "mgmt@example.com", rootPassword: password)
        service = SignInService(environment: environment)
        organizations = OrganizationsService(environment: environment)
        let root = Principal(
            account: management, kind: .root, name: "root", userId: management.rawValue,
            arn: "arn:aws:iam::\(management.rawValue):root", session: nil, accessKeyId: "AKIAROOT")
        let call = CallContext(principal: root, requestId: "r", now: clock.now, sourceIp: ip)
        organization = try await organizations.createOrganization(featureSet: .all, call)
        let status = try await organizations.createAccount(
            email: "member@example.com", name: "Member", roleName: nil, tags: [], call)
        try await organizations.completeAccountCreation(status.id)
        member = try #require(environment.store.snapshot().get(CreateAccountRequestStatus.self, status.id)?.accountId)
    }

    var managementRoot: Principal {
        Principal(
            account: management, kind: .root, name: "root", userId: management.rawValue,
            arn: "arn:aws:iam::\(management.rawValue):root", session: nil, accessKeyId: "AKIAROOT")
    }

    var rootCall: CallContext { CallContext(principal: managementRoot, requestId: "r", now: clock.now, sourceIp: ip) }

    /// A console user of the management account, allowed to assume roles when `policy` says so.
    func user(_ name: String, policy: String? = assumeAnyRole) async throws {
        let iam = IAMService(environment: environment)
        _ = try await iam.createUser(IAM.CreateUserRequest(userName: name), rootCall)
        _ = try await iam.createLoginProfile(
            IAM.CreateLoginProfileRequest(userName: name, password: password), rootCall)
        if let policy {
            try await iam.putUserPolicy(
                IAM.PutUserPolicyRequest(userName: name, policyName: "switch", policyDocument: policy), rootCall)
        }
    }

    func signIn(_ name: String) async throws -> OpaqueToken {
        let step = try await service.signIn(
            SignInAttempt(identity: .iamUser(account: management.rawValue, userName: name), password: password),
            sourceIp: ip, requestId: "r")
        guard case .signedIn(let session, _) = step else { throw AWSError.validation("no session: \(step)") }
        return session
    }

    /// Signs in with an authenticator's code, so the session carries MFA facts.
    func signInWithMFA(_ name: String) async throws -> OpaqueToken {
        let seed = Array("12345678901234567890".utf8)
        let serial = "arn:aws:iam::\(management.rawValue):mfa/\(name)"
        let sealed = try environment.secrets.seal(
            seed, boundTo: MFADevice.sealingContext(account: management, serialNumber: serial))
        var device = MFADevice(
            account: management, kind: .virtual, serialNumber: serial, sealedSeed: sealed, createDate: clock.now)
        device.assignment = MFADevice.Assignment(userName: name, enableDate: clock.now)
        try await environment.store.write { [device] tx in tx.put(device) }
        let step = try await service.signIn(
            SignInAttempt(identity: .iamUser(account: management.rawValue, userName: name), password: password),
            sourceIp: ip, requestId: "r")
        guard case .secondFactor(let flow) = step else { throw AWSError.validation("no second step: \(step)") }
        let totp = TOTP(secret: seed)
        let done = try await service.verifyCode(
            flow: flow, code: totp.code(atStep: totp.step(at: clock.now)), sourceIp: ip, requestId: "r")
        guard case .signedIn(let session, _) = done else { throw AWSError.validation("no session: \(done)") }
        return session
    }

    func switchToMember(_ session: OpaqueToken, role: String = Limits.organizationAccessRoleName) async throws
        -> ConsoleSession.SwitchedRole?
    {
        try await service.switchRole(
            session: session, account: member.rawValue, role: role, sourceIp: ip, requestId: "r")
    }

    @Test func theConsoleActsAsTheRoleSessionWithTheSignInsMFAFacts() async throws {
        try await user("alice")
        let session = try await signInWithMFA("alice")
        let signedInAt = clock.now
        clock.advance(120)
        let switched = try #require(try await switchToMember(session))
        let role = try #require(
            environment.store.snapshot().get(Role.self, Role.key(member, Limits.organizationAccessRoleName)))
        #expect(switched.roleId == role.id && role.id.hasPrefix("AROA"))
        #expect(switched.roleSessionName == "alice")
        #expect(switched.expiresAt == clock.now.addingTimeInterval(3600))

        let acting = try #require(service.principal(forSession: session))
        #expect(acting.kind == .assumedRole)
        #expect(acting.account == member)
        #expect(acting.arn == "arn:aws:sts::\(member.rawValue):assumed-role/OrganizationAccountAccessRole/alice")
        #expect(acting.userId == "\(role.id):alice")
        #expect(acting.uniqueId == role.id)
        #expect(acting.multiFactorAuthPresent == true)
        #expect(acting.session?.mfaAuthenticatedAt == signedInAt)
        #expect(acting.multiFactorAuthAge(now: clock.now) == 120)

        let identity = try #require(service.identity(forSession: session))
        #expect(identity.signedIn.arn == "arn:aws:iam::\(management.rawValue):user/alice")
        #expect(identity.displayName == "OrganizationAccountAccessRole @ \(member.rawValue)")
        #expect(identity.signedInDisplayName == "alice @ \(management.rawValue)")

        // The role session's permissions are the role's (AdministratorAccess in the member account).
        let calls = PrincipalCalls(environment: environment)
        let users = try await calls.perform("ListUsers", as: acting, sourceIp: ip, requestId: "r") { iam, call in
            try await iam.listUsers(IAM.ListUsersRequest(), call)
        }
        #expect(users.users.isEmpty)

        clock.advance(1)
        try await service.switchBack(session: session, sourceIp: ip, requestId: "r")
        #expect(service.principal(forSession: session)?.arn == "arn:aws:iam::\(management.rawValue):user/alice")
        let events = try await environment.store.facts(management).map(\.name)
        #expect(events.suffix(2) == ["SwitchRole", "ExitRole"])
    }

    @Test func withoutMFATheRoleSessionHasNone() async throws {
        try await user("bob")
        let session = try await signIn("bob")
        _ = try #require(try await switchToMember(session))
        let acting = try #require(service.principal(forSession: session))
        #expect(acting.multiFactorAuthPresent == false)
        #expect(acting.multiFactorAuthAge(now: clock.now) == nil)
    }

    @Test func theCallersOwnPoliciesMustAllowAssumeRoleAcrossAccounts() async throws {
        try await user("carol", policy: nil)
        let session = try await signIn("carol")
        await #expect(throws: AWSError.self) { try await switchToMember(session) }
        #expect(service.principal(forSession: session)?.kind == .user)
        #expect(service.identity(forSession: session)?.switchedRole == nil)
        let events = try await environment.store.facts(management)
        #expect(events.contains { $0.name == "SwitchRole" && $0.details["result"] == "Failure" })
    }

    @Test func theTrustPolicyDecides() async throws {
        try await user("dave")
        let session = try await signIn("dave")
        // A role of the member account that trusts nobody in the management account.
        var role = Role(
            account: member, name: "Closed", id: "AROACLOSEDROLE0000001", path: "/", createDate: clock.now,
            assumeRolePolicyDocument:
                #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999999999999:root"},"Action":"sts:AssumeRole"}]}"#,
            maxSessionDuration: 3600)
        role.policies.managedPolicyArns = [AWSManagedPolicies.administratorAccessArn(in: .commercial)]
        try await environment.store.write { [role] tx in tx.put(role) }
        await #expect(throws: AWSError.self) { try await switchToMember(session, role: "Closed") }
        await #expect(throws: AWSError.self) { try await switchToMember(session, role: "NoSuchRole") }
    }

    @Test func aResourceControlPolicyOfTheMemberAccountCanRefuse() async throws {
        try await user("erin")
        let session = try await signIn("erin")
        _ = try await organizations.enablePolicyType(
            rootId: organization.root.id, type: .resourceControl, rootCall)
        let deny = try await organizations.createPolicy(
            name: "NoAssume", description: "", type: .resourceControl,
            content:
                #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"sts:AssumeRole","Resource":"*"}]}"#,
            tags: [], rootCall)
        try await organizations.attachPolicy(deny.id, to: member.rawValue, rootCall)
        await #expect(throws: AWSError.self) { try await switchToMember(session) }
        try await organizations.detachPolicy(deny.id, from: member.rawValue, rootCall)
        #expect(try await switchToMember(session) != nil)
    }

    @Test func theRoleSessionEndsAfterAnHourAndSwitchingBackStillWorks() async throws {
        try await user("frank")
        let session = try await signIn("frank")
        _ = try #require(try await switchToMember(session))
        clock.advance(3599)
        #expect(service.principal(forSession: session)?.kind == .assumedRole)
        clock.advance(2)
        #expect(service.principal(forSession: session) == nil)
        let identity = try #require(service.identity(forSession: session))
        #expect(identity.switchEnded)
        #expect(identity.acting == nil)
        try await service.switchBack(session: session, sourceIp: ip, requestId: "r")
        #expect(service.principal(forSession: session)?.kind == .user)
    }

    @Test func theRoleSessionNeverOutlivesTheConsoleSession() async throws {
        try await user("grace")
        let session = try await signIn("grace")
        clock.advance(SignInService.userSessionLifetime - 600)
        let switched = try #require(try await switchToMember(session))
        #expect(switched.expiresAt == clock.now.addingTimeInterval(600))
        clock.advance(601)
        #expect(service.identity(forSession: session) == nil)
        #expect(service.principal(forSession: session) == nil)
    }

    @Test func aDeletedRoleEndsTheSessionAndANewRoleOfItsNameIsAnotherPrincipal() async throws {
        try await user("heidi")
        let session = try await signIn("heidi")
        _ = try #require(try await switchToMember(session))
        let key = Role.key(member, Limits.organizationAccessRoleName)
        var role = try #require(environment.store.snapshot().get(Role.self, key))
        try await environment.store.write { tx in tx.delete(Role.self, key) }
        #expect(service.principal(forSession: session) == nil)
        #expect(service.identity(forSession: session)?.switchEnded == true)
        role.id = "AROAREPLACEMENT000001"
        try await environment.store.write { [role] tx in tx.put(role) }
        #expect(service.principal(forSession: session) == nil)
        // Switching again binds the session to the new role.
        try await service.switchBack(session: session, sourceIp: ip, requestId: "r")
        let again = try #require(try await switchToMember(session))
        #expect(again.roleId == "AROAREPLACEMENT000001")
        #expect(service.principal(forSession: session)?.uniqueId == "AROAREPLACEMENT000001")
    }

    @Test func switchingAgainStartsFromTheSignedInIdentity() async throws {
        try await user("ivan")
        let session = try await signIn("ivan")
        _ = try #require(try await switchToMember(session))
        clock.advance(1800)
        // Not role chaining: the role session does not assume the next role, the user does, and gets a full hour.
        let second = try #require(try await switchToMember(session))
        #expect(second.expiresAt == clock.now.addingTimeInterval(3600))
        #expect(second.roleSessionName == "ivan")
    }

    @Test func theRootUserCannotSwitchRoles() async throws {
        let now = clock.now
        let account = management
        let step = try await environment.store.write { tx in
            SignInService.startSession(
                account: account, userName: nil, mfaAt: now, sourceIp: ip, requestId: "r", at: now, in: &tx)
        }
        guard case .signedIn(let session, _) = step else {
            Issue.record("no root session: \(step)")
            return
        }
        await #expect(throws: AWSError.accessDenied("Roles may not be assumed by root accounts.")) {
            try await switchToMember(session)
        }
        #expect(service.principal(forSession: session)?.kind == .root)
    }

    @Test func signingOutEndsTheRoleSessionToo() async throws {
        try await user("judy")
        let session = try await signIn("judy")
        _ = try #require(try await switchToMember(session))
        try await service.signOut(session: session)
        #expect(service.identity(forSession: session) == nil)
        #expect(try await switchToMember(session) == nil)
    }

    @Test func whatIsTypedBecomesTheRoleArn() throws {
        #expect(
            try SignInService.switchRoleArn(account: "2222-3333-4444", role: " Admin ", in: .commercial)
                == "arn:aws:iam::222233334444:role/Admin")
        #expect(
            try SignInService.switchRoleArn(account: "222233334444", role: "ops/team/Admin", in: .commercial)
                == "arn:aws:iam::222233334444:role/ops/team/Admin")
        #expect(throws: AWSError.self) {
            try SignInService.switchRoleArn(account: "2222", role: "Admin", in: .commercial)
        }
        #expect(throws: AWSError.self) {
            try SignInService.switchRoleArn(account: "222233334444", role: "", in: .commercial)
        }
        #expect(throws: AWSError.self) {
            try SignInService.switchRoleArn(account: "222233334444", role: "a b", in: .commercial)
        }
        #expect(throws: AWSError.self) {
            try SignInService.switchRoleArn(
                account: "222233334444", role: String(repeating: "a", count: 65), in: .commercial)
        }
    }
}

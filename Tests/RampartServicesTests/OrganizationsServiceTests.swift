import Foundation
import RampartCore
import RampartPolicy
import RampartStore
import Testing

@testable import RampartServices

/// Organizations over the store: the tree's rules and limits, account creation, and the SCP and RCP
/// chains the authorizer applies to member accounts (management account exempt, member root bound).
struct OrganizationsServiceTests {
    let management = AccountID("111111111111")!
    let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_000))

    func environment() async throws -> ServiceEnvironment {
        try await ServiceEnvironment.temporary(clock: clock, account: management, rootEmail: "mgmt@example.com")
    }

    func call(_ principal: Principal) -> CallContext {
        CallContext(principal: principal, requestId: "r", now: clock.now, sourceIp: "127.0.0.1")
    }

    func root(_ account: AccountID) -> Principal {
        Principal(
            account: account, kind: .root, name: "root", userId: account.rawValue,
            arn: "arn:aws:iam::\(account.rawValue):root", session: nil, accessKeyId: "AKIAROOT")
    }

    func user(_ user: User) -> Principal {
        Principal(
            account: user.account, kind: .user, name: user.name, userId: user.id,
            arn: "arn:aws:iam::\(user.account.rawValue):user/\(user.name)", session: nil, accessKeyId: "AKIAUSER")
    }

    /// An organization with SCPs enabled and one created member account holding an administrator.
    func organizationWithMember(_ environment: ServiceEnvironment) async throws -> (
        OrganizationsService, Organization, AccountID, User
    ) {
        let service = OrganizationsService(environment: environment)
        let organization = try await service.createOrganization(featureSet: .all, call(root(management)))
        _ = try await service.enablePolicyType(
            rootId: organization.root.id, type: .serviceControl, call(root(management)))
        let status = try await service.createAccount(
            email: "member@example.com", name: "Member", roleName: nil, tags: [], call(root(management)))
        try await service.completeAccountCreation(status.id)
        let member = try #require(
            environment.store.snapshot().get(CreateAccountRequestStatus.self, status.id)?.accountId)
        var admin = User(account: member, name: "admin", id: "AIDAMEMBERADMIN", path: "/", createDate: clock.now)
        admin.policies.managedPolicyArns = [AWSManagedPolicies.administratorAccessArn(in: .commercial)]
        let stored = admin
        try await environment.store.write { tx in tx.put(stored) }
        return (service, organization, member, admin)
    }

    func decision(_ environment: ServiceEnvironment, _ principal: Principal, _ action: String) -> AuthorizationDecision
    {
        environment.authorizer.authorize(
            AuthorizationRequest(principal: principal, action: action, resource: "*"),
            in: environment.store.snapshot())
    }

    func scp(_ service: OrganizationsService, _ name: String, _ statement: String) async throws -> OrganizationPolicy {
        try await service.createPolicy(
            name: name, description: "", type: .serviceControl,
            content: #"{"Version":"2012-10-17","Statement":[\#(statement)]}"#, tags: [], call(root(management)))
    }

    @Test func createdAccountsHaveAnAccessRoleTrustingTheManagementAccount() async throws {
        let environment = try await environment()
        let (_, organization, member, _) = try await organizationWithMember(environment)
        let snapshot = environment.store.snapshot()
        let account = try #require(snapshot.get(Account.self, member.rawValue))
        #expect(account.rootPassword == nil)
        #expect(account.membership?.parentId == organization.root.id)
        #expect(account.membership?.joinedMethod == .created)
        #expect(account.membership?.policyIds == ["p-FullAWSAccess"])
        let role = try #require(snapshot.get(Role.self, Role.key(member, "OrganizationAccountAccessRole")))
        #expect(role.assumeRolePolicyDocument.contains("arn:aws:iam::111111111111:root"))
        #expect(role.policies.managedPolicyArns == [AWSManagedPolicies.administratorAccessArn(in: .commercial)])
    }

    @Test func aSecondAccountWithTheSameEmailFails() async throws {
        let environment = try await environment()
        let (service, _, _, _) = try await organizationWithMember(environment)
        let status = try await service.createAccount(
            email: "MEMBER@example.com", name: "Again", roleName: nil, tags: [], call(root(management)))
        try await service.completeAccountCreation(status.id)
        let done = try #require(environment.store.snapshot().get(CreateAccountRequestStatus.self, status.id))
        #expect(done.state == .failed)
        #expect(done.failureReason == "EMAIL_ALREADY_EXISTS")
    }

    @Test func organizationalUnitsNestFiveDeepAndNoDeeper() async throws {
        let environment = try await environment()
        let service = OrganizationsService(environment: environment)
        let organization = try await service.createOrganization(featureSet: .all, call(root(management)))
        var parent = organization.root.id
        for level in 1...5 {
            parent = try await service.createOrganizationalUnit(
                parentId: parent, name: "level\(level)", tags: [], call(root(management))
            ).id
        }
        do {
            _ = try await service.createOrganizationalUnit(
                parentId: parent, name: "level6", tags: [], call(root(management)))
            Issue.record("a sixth level of OUs must be refused")
        } catch let error as AWSError {
            #expect(error.code == "ConstraintViolationException")
            #expect(error.fields["Reason"] == "OU_DEPTH_LIMIT_EXCEEDED")
        }
    }

    @Test func scpsBindMembersAndTheirRootButNeverTheManagementAccount() async throws {
        let environment = try await environment()
        let (service, organization, member, admin) = try await organizationWithMember(environment)
        let denyUsers = try await scp(
            service, "DenyUsers", #"{"Effect":"Deny","Action":"iam:CreateUser","Resource":"*"}"#)
        try await service.attachPolicy(denyUsers.id, to: organization.root.id, call(root(management)))

        guard case .deny(let denied) = decision(environment, user(admin), "iam:CreateUser") else {
            Issue.record("an SCP deny at the root must deny a member's administrator")
            return
        }
        #expect(denied.message.hasSuffix("with an explicit deny in a service control policy"))
        #expect(decision(environment, user(admin), "iam:ListUsers") == .allow)
        // The member's root user is bound too; the management account's root is not.
        #expect(decision(environment, root(member), "iam:CreateUser") != .allow)
        #expect(decision(environment, root(member), "iam:ListUsers") == .allow)
        #expect(decision(environment, root(management), "iam:CreateUser") == .allow)
    }

    @Test func everyLevelMustAllow() async throws {
        let environment = try await environment()
        let (service, organization, member, admin) = try await organizationWithMember(environment)
        let unit = try await service.createOrganizationalUnit(
            parentId: organization.root.id, name: "Workloads", tags: [], call(root(management)))
        try await service.moveAccount(
            member.rawValue, from: organization.root.id, to: unit.id, call(root(management)))
        // The OU allows only IAM reads: FullAWSAccess at the root no longer suffices below it.
        let readOnly = try await scp(
            service, "IAMRead", #"{"Effect":"Allow","Action":["iam:Get*","iam:List*"],"Resource":"*"}"#)
        try await service.attachPolicy(readOnly.id, to: unit.id, call(root(management)))
        try await service.detachPolicy("p-FullAWSAccess", from: unit.id, call(root(management)))

        #expect(decision(environment, user(admin), "iam:ListUsers") == .allow)
        guard case .deny(let denied) = decision(environment, user(admin), "iam:CreateUser") else {
            Issue.record("an OU whose SCPs do not allow an action must deny it")
            return
        }
        #expect(denied.message.hasSuffix("because no service control policy allows the iam:CreateUser action"))
        // The last SCP of a target cannot be detached.
        await #expect(throws: AWSError.self) {
            try await service.detachPolicy(readOnly.id, from: unit.id, call(root(management)))
        }
        // Moving the account back to the root lifts the OU's limit.
        try await service.moveAccount(member.rawValue, from: unit.id, to: organization.root.id, call(root(management)))
        #expect(decision(environment, user(admin), "iam:CreateUser") == .allow)
    }

    @Test func conditionsInSCPsSeeTheOrganizationKeys() async throws {
        let environment = try await environment()
        let (service, organization, _, admin) = try await organizationWithMember(environment)
        let outside = try await scp(
            service, "DenyOutsideOrg",
            #"{"Effect":"Deny","Action":"iam:*","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"\#(organization.id)"}}}"#
        )
        try await service.attachPolicy(outside.id, to: organization.root.id, call(root(management)))
        #expect(decision(environment, user(admin), "iam:CreateUser") == .allow)
    }

    @Test func disablingTheTypeDetachesItsPolicies() async throws {
        let environment = try await environment()
        let (service, organization, _, admin) = try await organizationWithMember(environment)
        let deny = try await scp(service, "DenyAll", #"{"Effect":"Deny","Action":"*","Resource":"*"}"#)
        try await service.attachPolicy(deny.id, to: organization.root.id, call(root(management)))
        #expect(decision(environment, user(admin), "iam:ListUsers") != .allow)
        _ = try await service.disablePolicyType(
            rootId: organization.root.id, type: .serviceControl, call(root(management)))
        #expect(decision(environment, user(admin), "iam:ListUsers") == .allow)
        #expect(
            try service.listTargetsForPolicy(deny.id, nextToken: nil, maxResults: nil, call(root(management))).0.isEmpty
        )
    }

    @Test func membersCannotManageTheOrganization() async throws {
        let environment = try await environment()
        let (service, organization, member, _) = try await organizationWithMember(environment)
        #expect(try service.describeOrganization(call(root(member))).id == organization.id)
        #expect(throws: OrganizationsErrors.accessDenied) {
            _ = try service.listAccounts(parentId: nil, nextToken: nil, maxResults: nil, call(root(member)))
        }
        await #expect(throws: OrganizationsErrors.organizationNotEmpty) {
            try await service.deleteOrganization(call(root(management)))
        }
    }

    @Test func listAccountsPagesWithOpaqueTokens() async throws {
        let environment = try await environment()
        let (service, _, _, _) = try await organizationWithMember(environment)
        for index in 0..<3 {
            let status = try await service.createAccount(
                email: "m\(index)@example.com", name: "M\(index)", roleName: nil, tags: [], call(root(management)))
            try await service.completeAccountCreation(status.id)
        }
        var seen = [String]()
        var token: String?
        repeat {
            let (accounts, _, next) = try service.listAccounts(
                parentId: nil, nextToken: token, maxResults: 2, call(root(management)))
            seen += accounts.map(\.id.rawValue)
            token = next
        } while token != nil
        #expect(seen.count == 5)
        #expect(Set(seen).count == 5)
        #expect(throws: AWSError.self) {
            _ = try service.listAccounts(parentId: nil, nextToken: "garbage", maxResults: 2, call(root(management)))
        }
    }
}

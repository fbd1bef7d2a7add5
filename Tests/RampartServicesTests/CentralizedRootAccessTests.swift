import Foundation
import RampartCore
import RampartPolicy
import RampartStore
import Testing

@testable import RampartServices

/// Centralized root access: who may turn IAM's organization features on and list them, who may open an
/// AssumeRoot session in which member, what the five task policies let such a session do, and the root
/// login profile it manages.
struct CentralizedRootAccessTests {
    let management = AccountID("111111111111")!
    let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_000))

    /// A server with an all-features organization: one created member, an administrator user in the
    /// management account, and, unless told otherwise, IAM's trusted access and both features on.
    struct Fixture {
        var environment: ServiceEnvironment
        var organizations: OrganizationsService
        var organization: Organization
        var member: AccountID
        var operatorUser: Principal
    }

    func fixture(trusted: Bool = true, features: [RootAccessFeature] = RootAccessFeature.allCases) async throws
        -> Fixture
    {
        let environment = try await ServiceEnvironment.temporary(
            clock: clock, account: management, rootEmail: "mgmt@example.com")
        let organizations = OrganizationsService(environment: environment)
        let organization = try await organizations.createOrganization(featureSet: .all, call(root(management)))
        if trusted {
            try await organizations.enableServiceAccess(CentralizedRootAccess.servicePrincipal, call(root(management)))
        }
        let member = try await createAccount(organizations, environment, "member@example.com")
        let operatorUser = try await administrator(in: management, environment)
        let iam = IAMService(environment: environment)
        for feature in features {
            switch feature {
            case .rootCredentialsManagement:
                _ = try await iam.enableOrganizationsRootCredentialsManagement(.init(), call(operatorUser))
            case .rootSessions:
                _ = try await iam.enableOrganizationsRootSessions(.init(), call(operatorUser))
            }
        }
        return Fixture(
            environment: environment, organizations: organizations, organization: organization, member: member,
            operatorUser: operatorUser)
    }

    func call(_ principal: Principal) -> CallContext {
        CallContext(principal: principal, requestId: "r", now: clock.now, sourceIp: "127.0.0.1")
    }

    func root(_ account: AccountID) -> Principal { .rootUser(of: account) }

    func createAccount(_ service: OrganizationsService, _ environment: ServiceEnvironment, _ email: String)
        async throws -> AccountID
    {
        let status = try await service.createAccount(
            email: email, name: String(email.prefix { $0 != "@" }), roleName: nil, tags: [], call(root(management)))
        try await service.completeAccountCreation(status.id)
        return try #require(environment.store.snapshot().get(CreateAccountRequestStatus.self, status.id)?.accountId)
    }

    func administrator(in account: AccountID, _ environment: ServiceEnvironment) async throws -> Principal {
        var user = User(
            account: account, name: "operator", id: "AIDA\(account.rawValue)OPS", path: "/", createDate: clock.now)
        user.policies.managedPolicyArns = [AWSManagedPolicies.administratorAccessArn(in: .commercial)]
        let stored = user
        try await environment.store.write { tx in tx.put(stored) }
        return Principal(
            account: account, kind: .user, name: user.name, userId: user.id, arn: user.arn(in: .commercial),
            session: nil,
            accessKeyId: "AKIAOPERATOR")
    }

    func expectError(_ code: String, _ body: () async throws -> Void) async {
        do {
            try await body()
            Issue.record("expected \(code)")
        } catch let error as AWSError {
            #expect(error.code == code, "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    /// The root session AssumeRoot opens for `task`, as the principal its credentials act as.
    func rootSession(_ fixture: Fixture, _ task: String, duration: Int? = nil) async throws -> Principal {
        let response = try await STSService(environment: fixture.environment).assumeRoot(
            STS.AssumeRootRequest(
                targetPrincipal: fixture.member.rawValue, taskPolicyArn: STS.PolicyDescriptorType(arn: task),
                durationSeconds: duration),
            call(fixture.operatorUser))
        let token = try #require(response.credentials?.sessionToken)
        return try #require(fixture.environment.sessionTokens.open(token)).principal(in: .commercial)
    }

    func allows(_ fixture: Fixture, _ principal: Principal, _ action: String, _ resource: String) -> Bool {
        let context = RequestConditionKeys.context(
            principal: principal, now: clock.now, sourceIp: "127.0.0.1", region: "us-east-1",
            service: String(action.prefix { $0 != ":" }), action: String(action.drop { $0 != ":" }.dropFirst()),
            snapshot: fixture.environment.store.snapshot(), parameter: { _ in nil })
        return fixture.environment.authorizer.authorize(
            AuthorizationRequest(principal: principal, action: action, resource: resource, context: context),
            in: fixture.environment.store.snapshot()) == .allow
    }

    // MARK: The features

    @Test func theManagementAccountEnablesAndListsTheFeaturesInTheModelsOrder() async throws {
        let fixture = try await fixture(features: [.rootSessions, .rootCredentialsManagement])
        let iam = IAMService(environment: fixture.environment)
        let listed = try await iam.listOrganizationsFeatures(.init(), call(fixture.operatorUser))
        #expect(listed.organizationId == fixture.organization.id)
        #expect(listed.enabledFeatures == ["RootCredentialsManagement", "RootSessions"])
        // Enabling twice is no error; disabling leaves the other feature.
        _ = try await iam.enableOrganizationsRootSessions(.init(), call(fixture.operatorUser))
        let disabled = try await iam.disableOrganizationsRootSessions(.init(), call(fixture.operatorUser))
        #expect(disabled.enabledFeatures == ["RootCredentialsManagement"])
        let none = try await iam.disableOrganizationsRootCredentialsManagement(.init(), call(fixture.operatorUser))
        #expect(none.enabledFeatures == [])
        #expect(
            fixture.environment.store.snapshot().get(Organization.self, fixture.organization.id)?
                .rootAccessFeatures == nil)
    }

    @Test func theFeaturesNeedAnOrganizationWithAllFeaturesAndTrustedAccessForIAM() async throws {
        let environment = try await ServiceEnvironment.temporary(clock: clock, account: management)
        let iam = IAMService(environment: environment)
        await expectError("OrganizationNotFoundException") {
            _ = try await iam.listOrganizationsFeatures(.init(), call(root(management)))
        }
        let organizations = OrganizationsService(environment: environment)
        _ = try await organizations.createOrganization(featureSet: .consolidatedBilling, call(root(management)))
        await expectError("OrganizationNotInAllFeaturesModeException") {
            _ = try await iam.enableOrganizationsRootSessions(.init(), call(root(management)))
        }

        let untrusted = try await fixture(trusted: false, features: [])
        await expectError("ServiceAccessNotEnabledException") {
            _ = try await IAMService(environment: untrusted.environment).enableOrganizationsRootCredentialsManagement(
                .init(), call(untrusted.operatorUser))
        }
    }

    @Test func membersMayNotAndTheDelegatedAdministratorMayAllButEnable() async throws {
        let fixture = try await fixture(features: [.rootSessions])
        let iam = IAMService(environment: fixture.environment)
        let memberAdmin = try await administrator(in: fixture.member, fixture.environment)
        await expectError("AccountNotManagementOrDelegatedAdministratorException") {
            _ = try await iam.listOrganizationsFeatures(.init(), call(memberAdmin))
        }
        await expectError("AccountNotManagementOrDelegatedAdministratorException") {
            _ = try await iam.enableOrganizationsRootSessions(.init(), call(memberAdmin))
        }
        // Delegated administration for another service is not IAM's.
        try await fixture.organizations.enableServiceAccess("config.amazonaws.com", call(root(management)))
        try await fixture.organizations.registerDelegatedAdministrator(
            accountId: fixture.member.rawValue, servicePrincipal: "config.amazonaws.com", call(root(management)))
        await expectError("AccountNotManagementOrDelegatedAdministratorException") {
            _ = try await iam.listOrganizationsFeatures(.init(), call(memberAdmin))
        }
        try await fixture.organizations.registerDelegatedAdministrator(
            accountId: fixture.member.rawValue, servicePrincipal: CentralizedRootAccess.servicePrincipal,
            call(root(management)))
        #expect(try await iam.listOrganizationsFeatures(.init(), call(memberAdmin)).enabledFeatures == ["RootSessions"])
        await expectError("CallerIsNotManagementAccountException") {
            _ = try await iam.enableOrganizationsRootCredentialsManagement(.init(), call(memberAdmin))
        }
        let after = try await iam.disableOrganizationsRootSessions(.init(), call(memberAdmin))
        #expect(after.enabledFeatures == [])
    }

    // MARK: Who may open a root session

    @Test func rootSessionsNeedTheFeatureTheRightCallerAndAMemberTarget() throws {
        var organization = Organization(
            id: "o-aaaaaaaaaa", featureSet: .all, managementAccount: management, managementEmail: "m@example.com",
            createDate: clock.now, root: OrganizationRoot(id: "r-abcd"))
        organization.trustedServices = [TrustedService(servicePrincipal: "iam.amazonaws.com", enabledDate: clock.now)]
        organization.setRootAccess(.rootSessions, enabled: true)
        let member = AccountID("222222222222")!
        let outsider = AccountID("333333333333")!
        let reader = MemoryReader(
            organization: organization, management: management, members: [member], outsiders: [outsider])
        let operatorUser = Principal(
            account: management, kind: .user, name: "ops", userId: "AIDAOPS", arn: "arn:aws:iam::111111111111:user/ops",
            session: nil, accessKeyId: "AKIAOPS")
        func refusal(_ principal: Principal, _ target: AccountID, _ reader: MemoryReader)
            -> CentralizedRootAccess.RootSessionRefusal?
        {
            do throws(CentralizedRootAccess.RootSessionRefusal) {
                _ = try CentralizedRootAccess.rootSessionTarget(target, for: principal, in: reader)
                return nil
            } catch { return error }
        }
        #expect(refusal(operatorUser, member, reader) == nil)
        #expect(refusal(root(management), member, reader) == .rootCredentials)
        #expect(refusal(operatorUser, management, reader) == .targetIsManagementAccount)
        #expect(refusal(operatorUser, outsider, reader) == .targetNotInOrganization)
        var memberUser = operatorUser
        memberUser.account = member
        #expect(refusal(memberUser, member, reader) == .notManagementOrDelegatedAdministrator)
        var outsiderUser = operatorUser
        outsiderUser.account = outsider
        #expect(refusal(outsiderUser, member, reader) == .notInOrganization)

        var delegated = organization
        delegated.delegatedAdministrators = [
            DelegatedAdministrator(
                account: member, servicePrincipal: "iam.amazonaws.com", delegationEnabledDate: clock.now)
        ]
        #expect(refusal(memberUser, member, reader.with(delegated)) == nil)

        var sessionsOff = organization
        sessionsOff.setRootAccess(.rootSessions, enabled: false)
        #expect(refusal(operatorUser, member, reader.with(sessionsOff)) == .rootSessionsDisabled)
        var untrusted = organization
        untrusted.trustedServices = []
        #expect(refusal(operatorUser, member, reader.with(untrusted)) == .serviceAccessNotEnabled)
    }

    @Test func assumeRootIssuesTheMembersRootForNineHundredSecondsAtMost() async throws {
        let fixture = try await fixture()
        let session = try await rootSession(fixture, RootTaskPolicies.auditRootUserCredentials)
        #expect(session.kind == .root)
        #expect(session.account == fixture.member)
        #expect(session.arn == "arn:aws:iam::\(fixture.member.rawValue):root")
        #expect(session.session?.source == .assumeRoot)
        #expect(session.session?.sessionPolicyArns == [RootTaskPolicies.auditRootUserCredentials])
        #expect(session.session.map { $0.expiresAt.timeIntervalSince($0.issuedAt) } == 900)
        let short = try await rootSession(fixture, RootTaskPolicies.auditRootUserCredentials, duration: 60)
        #expect(short.session.map { $0.expiresAt.timeIntervalSince($0.issuedAt) } == 60)
        #expect(RequestContext(principal: session, now: clock.now, sourceIp: "127.0.0.1")["aws:AssumedRoot"] == "true")
        #expect(
            RequestContext(principal: fixture.operatorUser, now: clock.now, sourceIp: "127.0.0.1")["aws:AssumedRoot"]
                == nil)

        // Recorded in both accounts, with the task.
        for account in [management, fixture.member] {
            let events = try await fixture.environment.store.facts(account)
                .filter { $0.name == "AssumeRoot" }
            #expect(events.count == 2)
            #expect(events.first?.details["taskPolicyArn"] == RootTaskPolicies.auditRootUserCredentials)
            #expect(events.first?.details["targetPrincipal"] == fixture.member.rawValue)
        }
    }

    @Test func assumeRootRefusesOtherPoliciesAndTargets() async throws {
        let fixture = try await fixture()
        let sts = STSService(environment: fixture.environment)
        await expectError("ValidationError") {
            _ = try await sts.assumeRoot(
                STS.AssumeRootRequest(
                    targetPrincipal: fixture.member.rawValue,
                    taskPolicyArn: STS.PolicyDescriptorType(
                        arn: AWSManagedPolicies.administratorAccessArn(in: .commercial))),
                call(fixture.operatorUser))
        }
        await expectError("AccessDenied") {
            _ = try await sts.assumeRoot(
                STS.AssumeRootRequest(
                    targetPrincipal: management.rawValue,
                    taskPolicyArn: STS.PolicyDescriptorType(arn: RootTaskPolicies.auditRootUserCredentials)),
                call(fixture.operatorUser))
        }
        // The target may be named by its root's ARN.
        let byArn = try await sts.assumeRoot(
            STS.AssumeRootRequest(
                targetPrincipal: "arn:aws:iam::\(fixture.member.rawValue):root",
                taskPolicyArn: STS.PolicyDescriptorType(arn: RootTaskPolicies.auditRootUserCredentials)),
            call(fixture.operatorUser))
        #expect(byArn.credentials?.accessKeyId.hasPrefix("ASIA") == true)
    }

    // MARK: What the task policies allow

    @Test func eachTaskPolicyAllowsItsTaskOnTheRootAndNothingElse() async throws {
        let fixture = try await fixture()
        let rootArn = "arn:aws:iam::\(fixture.member.rawValue):root"
        let userArn = "arn:aws:iam::\(fixture.member.rawValue):user/alice"

        let audit = try await rootSession(fixture, RootTaskPolicies.auditRootUserCredentials)
        #expect(allows(fixture, audit, "iam:GetAccountSummary", "*"))
        #expect(allows(fixture, audit, "iam:ListAccessKeys", rootArn))
        #expect(allows(fixture, audit, "iam:GetLoginProfile", rootArn))
        #expect(!allows(fixture, audit, "iam:ListAccessKeys", userArn))
        #expect(!allows(fixture, audit, "iam:DeleteLoginProfile", rootArn))
        #expect(!allows(fixture, audit, "iam:CreateUser", "*"))

        let delete = try await rootSession(fixture, RootTaskPolicies.deleteRootUserCredentials)
        #expect(allows(fixture, delete, "iam:DeleteLoginProfile", rootArn))
        #expect(allows(fixture, delete, "iam:DeleteAccessKey", rootArn))
        #expect(allows(fixture, delete, "iam:DeactivateMFADevice", rootArn))
        #expect(!allows(fixture, delete, "iam:DeleteAccessKey", userArn))
        #expect(!allows(fixture, delete, "iam:GetAccountSummary", "*"))
        #expect(!allows(fixture, delete, "iam:CreateLoginProfile", rootArn))

        let create = try await rootSession(fixture, RootTaskPolicies.createRootUserPassword)
        #expect(allows(fixture, create, "iam:CreateLoginProfile", rootArn))
        #expect(allows(fixture, create, "iam:GetLoginProfile", rootArn))
        #expect(!allows(fixture, create, "iam:DeleteLoginProfile", rootArn))
        #expect(!allows(fixture, create, "iam:CreateLoginProfile", userArn))

        let s3 = try await rootSession(fixture, RootTaskPolicies.s3UnlockBucketPolicy)
        #expect(allows(fixture, s3, "s3:DeleteBucketPolicy", "arn:aws:s3:::locked"))
        #expect(allows(fixture, s3, "s3:ListAllMyBuckets", "*"))
        #expect(!allows(fixture, s3, "s3:GetObject", "arn:aws:s3:::locked/key"))
        #expect(!allows(fixture, s3, "iam:GetAccountSummary", "*"))

        let sqs = try await rootSession(fixture, RootTaskPolicies.sqsUnlockQueuePolicy)
        let ownQueue = "arn:aws:sqs:us-east-1:\(fixture.member.rawValue):locked"
        #expect(allows(fixture, sqs, "sqs:SetQueueAttributes", ownQueue))
        #expect(allows(fixture, sqs, "sqs:GetQueueAttributes", ownQueue))
        #expect(!allows(fixture, sqs, "sqs:SendMessage", ownQueue))

        // STS calls that need no permission still work.
        #expect(allows(fixture, audit, "sts:GetCallerIdentity", "*"))
    }

    @Test func scpsStillBindRootSessionsUnlessTheyExemptAssumedRoot() async throws {
        let fixture = try await fixture()
        _ = try await fixture.organizations.enablePolicyType(
            rootId: fixture.organization.root.id, type: .serviceControl, call(root(management)))
        let denyRoot = try await fixture.organizations.createPolicy(
            name: "DenyRoot", description: "", type: .serviceControl,
            content: #"""
                {"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*",
                "Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:root"}}}]}
                """#, tags: [], call(root(management)))
        try await fixture.organizations.attachPolicy(
            denyRoot.id, to: fixture.member.rawValue, call(root(management)))
        let audit = try await rootSession(fixture, RootTaskPolicies.auditRootUserCredentials)
        #expect(!allows(fixture, audit, "iam:GetAccountSummary", "*"))

        try await fixture.organizations.detachPolicy(denyRoot.id, from: fixture.member.rawValue, call(root(management)))
        let exempting = try await fixture.organizations.createPolicy(
            name: "DenyRootButAssumedRoot", description: "", type: .serviceControl,
            content: #"""
                {"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*",
                "Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:root"},"Null":{"aws:AssumedRoot":"true"}}}]}
                """#, tags: [], call(root(management)))
        try await fixture.organizations.attachPolicy(
            exempting.id, to: fixture.member.rawValue, call(root(management)))
        #expect(allows(fixture, audit, "iam:GetAccountSummary", "*"))
        // The member's root with its own long-term credentials is still denied.
        #expect(!allows(fixture, root(fixture.member), "iam:GetAccountSummary", "*"))
    }

    @Test func rootTaskPoliciesCannotBeAttached() async throws {
        let fixture = try await fixture(features: [])
        let iam = IAMService(environment: fixture.environment)
        _ = try await iam.createUser(IAM.CreateUserRequest(userName: "alice"), call(fixture.operatorUser))
        await expectError("PolicyNotAttachable") {
            try await iam.attachUserPolicy(
                IAM.AttachUserPolicyRequest(userName: "alice", policyArn: RootTaskPolicies.auditRootUserCredentials),
                call(fixture.operatorUser))
        }
    }

    // MARK: The root's credentials

    @Test func accountsCreatedUnderRootCredentialsManagementHaveNoRootCredentials() async throws {
        let fixture = try await fixture(features: [.rootCredentialsManagement])
        let snapshot = fixture.environment.store.snapshot()
        // The member made before the feature keeps its right to recover a password.
        #expect(snapshot.get(Account.self, fixture.member.rawValue)?.rootHasLoginProfile == true)
        let later = try await createAccount(fixture.organizations, fixture.environment, "later@example.com")
        let account = try #require(fixture.environment.store.snapshot().get(Account.self, later.rawValue))
        #expect(account.rootCredentialsAbsent == true)
        #expect(account.rootPassword == nil)
        #expect(!account.rootHasLoginProfile)
    }

    @Test func deletingTheRootLoginProfileBlocksRecoveryUntilASessionAllowsItAgain() async throws {
        let fixture = try await fixture()
        let iam = IAMService(environment: fixture.environment)
        let admin = AdminService(environment: fixture.environment)
        let operatorCall = call(fixture.operatorUser)

        let delete = try await rootSession(fixture, RootTaskPolicies.deleteRootUserCredentials)
        _ = try await iam.getLoginProfile(IAM.GetLoginProfileRequest(), call(delete))
        try await iam.deleteLoginProfile(IAM.DeleteLoginProfileRequest(), call(delete))
        await expectError("NoSuchEntity") {
            _ = try await iam.getLoginProfile(IAM.GetLoginProfileRequest(), call(delete))
        }
        await expectError("AccessDenied") {
            _ = try await admin.recoverRootPassword(
                email: "member@example.com", newPassword: "Recovered-Passw0rd", operatorCall)
        }

        let create = try await rootSession(fixture, RootTaskPolicies.createRootUserPassword)
        await expectError("ValidationError") {
            _ = try await iam.createLoginProfile(
                IAM.CreateLoginProfileRequest(password: "Nope-Passw0rd!"), call(create))
        }
        let profile = try await iam.createLoginProfile(IAM.CreateLoginProfileRequest(), call(create))
        #expect(profile.loginProfile.userName == fixture.member.rawValue)
        await expectError("EntityAlreadyExists") {
            _ = try await iam.createLoginProfile(IAM.CreateLoginProfileRequest(), call(create))
        }
        let recovered = try await admin.recoverRootPassword(
            email: "member@example.com", newPassword: "Recovered-Passw0rd", operatorCall)
        #expect(recovered == fixture.member)
        #expect(fixture.environment.store.snapshot().get(Account.self, fixture.member.rawValue)?.rootPassword != nil)

        // Root credentials of other kinds reach no root login profile without naming a user.
        await expectError("ValidationError") {
            _ = try await iam.getLoginProfile(IAM.GetLoginProfileRequest(), call(root(management)))
        }
    }
}

/// A store-free reader holding one organization and its accounts, for the root-session rules.
private struct MemoryReader: EntityReader {
    var organization: Organization
    var accounts: [String: Account]

    init(organization: Organization, management: AccountID, members: [AccountID], outsiders: [AccountID]) {
        self.organization = organization
        var accounts = [String: Account]()
        for id in [management] + members + outsiders {
            var account = Account(
                id: id, createDate: Date(), rootEmail: "\(id.rawValue)@example.com", rootPassword: nil)
            if !outsiders.contains(id) {
                account.membership = AccountMembership(
                    organizationId: organization.id, parentId: organization.root.id, joinedMethod: .created,
                    joinedTimestamp: Date())
            }
            accounts[id.rawValue] = account
        }
        self.accounts = accounts
    }

    func with(_ organization: Organization) -> MemoryReader {
        var copy = self
        copy.organization = organization
        return copy
    }

    func get<R: Record>(_ type: R.Type, _ key: String) -> R? {
        if type == Organization.self, key == organization.id { return organization as? R }
        if type == Account.self { return accounts[key] as? R }
        return nil
    }

    func all<R: Record>(_ type: R.Type, account: String) -> [R] { [] }
}

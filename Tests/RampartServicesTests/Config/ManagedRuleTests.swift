import Foundation
import RampartCore
import RampartPolicy
import Testing

@testable import RampartServices

/// Each managed rule over facts built by hand: compliant, non-compliant, not applicable, and the
/// edges of its parameters.
struct ManagedRuleTests {
    let account = AccountID("123456789012")!
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let day: TimeInterval = 86_400

    func facts(_ change: (inout IdentityFacts) -> Void = { _ in }) -> IdentityFacts {
        var facts = IdentityFacts(account: account)
        facts.rootHasCredentials = true
        change(&facts)
        return facts
    }

    func user(_ name: String, _ change: (inout IdentityFacts.UserFacts) -> Void = { _ in }) -> IdentityFacts.UserFacts {
        var user = IdentityFacts.UserFacts(name: name, id: "AIDA\(name.uppercased())", created: now)
        change(&user)
        return user
    }

    func run(_ rule: ManagedRule, _ facts: IdentityFacts, _ input: String? = nil) throws -> [ConfigCompliance] {
        let parameters = try RuleParameters.parse(input, for: rule)
        return rule.judge(facts, parameters, now).map(\.compliance)
    }

    @Test func rootMFA() throws {
        let rule = ManagedRule.rootAccountMFAEnabled
        #expect(try run(rule, facts()) == [.nonCompliant])
        #expect(try run(rule, facts { $0.rootMFA = [.virtual] }) == [.compliant])
        #expect(try run(rule, facts { $0.rootHasCredentials = false }) == [.notApplicable])
        let verdict = rule.judge(facts(), RuleParameters(), now)[0]
        #expect(verdict.resourceType == "AWS::::Account" && verdict.resourceId == account.rawValue)
    }

    @Test func rootHardwareMFA() throws {
        let rule = ManagedRule.rootAccountHardwareMFAEnabled
        #expect(try run(rule, facts()) == [.nonCompliant])
        #expect(try run(rule, facts { $0.rootMFA = [.virtual] }) == [.nonCompliant])
        #expect(try run(rule, facts { $0.rootMFA = [.hardwareTOTP, .virtual] }) == [.nonCompliant])
        #expect(try run(rule, facts { $0.rootMFA = [.hardwareTOTP] }) == [.compliant])
        #expect(try run(rule, facts { $0.rootMFA = [.securityKey] }) == [.compliant])
        #expect(try run(rule, facts { $0.rootHasCredentials = false }) == [.notApplicable])
    }

    @Test func rootAccessKey() throws {
        let rule = ManagedRule.iamRootAccessKeyCheck
        #expect(try run(rule, facts()) == [.compliant])
        #expect(try run(rule, facts { $0.rootAccessKeyCount = 1 }) == [.nonCompliant])
    }

    @Test func userMFA() throws {
        let rule = ManagedRule.iamUserMFAEnabled
        #expect(try run(rule, facts()) == [])
        let verdicts = try run(rule, facts { $0.users = [user("a"), user("b") { $0.mfa = [.securityKey] }] })
        #expect(verdicts == [.nonCompliant, .compliant])
    }

    @Test func consoleMFA() throws {
        let rule = ManagedRule.mfaEnabledForIAMConsoleAccess
        let password = IdentityFacts.Credential(created: now, lastUsed: nil)
        let verdicts = try run(
            rule,
            facts {
                $0.users = [
                    user("nopassword"), user("bare") { $0.password = password },
                    user("both") {
                        $0.password = password
                        $0.mfa = [.virtual]
                    },
                ]
            })
        #expect(verdicts == [.compliant, .nonCompliant, .compliant])
    }

    @Test func accessKeysRotated() throws {
        let rule = ManagedRule.accessKeysRotated
        func key(ageDays: Double) -> IdentityFacts.Credential {
            IdentityFacts.Credential(created: now.addingTimeInterval(-ageDays * Self.day), lastUsed: nil)
        }
        let facts = facts {
            $0.users = [
                user("none"), user("young") { $0.activeKeys = [key(ageDays: 90)] },
                user("old") { $0.activeKeys = [key(ageDays: 91)] },
            ]
        }
        #expect(try run(rule, facts) == [.compliant, .compliant, .nonCompliant])
        #expect(try run(rule, facts, #"{"maxAccessKeyAge":"89"}"#) == [.compliant, .nonCompliant, .nonCompliant])
        #expect(try run(rule, facts, #"{"maxAccessKeyAge":91}"#) == [.compliant, .compliant, .compliant])
        #expect(throws: AWSError.self) { try run(rule, facts, #"{"maxAccessKeyAge":"ninety"}"#) }
    }

    @Test func unusedCredentials() throws {
        let rule = ManagedRule.iamUserUnusedCredentialsCheck
        let old = now.addingTimeInterval(-100 * Self.day)
        let facts = facts {
            $0.users = [
                user("fresh") { $0.password = .init(created: old, lastUsed: now) },
                user("neverused") { $0.password = .init(created: old, lastUsed: nil) },
                user("newkey") { $0.activeKeys = [.init(created: now, lastUsed: nil)] },
                user("stalekey") { $0.activeKeys = [.init(created: old, lastUsed: old)] },
            ]
        }
        #expect(try run(rule, facts) == [.compliant, .nonCompliant, .compliant, .nonCompliant])
        #expect(
            try run(rule, facts, #"{"maxCredentialUsageAge":"100"}"#) == [
                .compliant, .compliant, .compliant, .compliant,
            ])
    }

    @Test func passwordPolicy() throws {
        let rule = ManagedRule.iamPasswordPolicy
        #expect(try run(rule, facts()) == [.nonCompliant])
        var strict = PasswordPolicy()
        strict.minimumPasswordLength = 14
        strict.requireSymbols = true
        strict.requireNumbers = true
        strict.requireUppercaseCharacters = true
        strict.requireLowercaseCharacters = true
        strict.passwordReusePrevention = 24
        strict.maxPasswordAge = 90
        #expect(try run(rule, facts { $0.passwordPolicy = strict }) == [.compliant])
        var short = strict
        short.minimumPasswordLength = 13
        #expect(try run(rule, facts { $0.passwordPolicy = short }) == [.nonCompliant])
        #expect(try run(rule, facts { $0.passwordPolicy = short }, #"{"MinimumPasswordLength":"13"}"#) == [.compliant])
        var noExpiry = strict
        noExpiry.maxPasswordAge = 0
        #expect(try run(rule, facts { $0.passwordPolicy = noExpiry }) == [.nonCompliant])
        var noSymbols = strict
        noSymbols.requireSymbols = false
        #expect(try run(rule, facts { $0.passwordPolicy = noSymbols }) == [.nonCompliant])
        #expect(try run(rule, facts { $0.passwordPolicy = noSymbols }, #"{"RequireSymbols":"false"}"#) == [.compliant])
        // Case-sensitive, as AWS documents it.
        #expect(throws: AWSError.self) { try run(rule, facts(), #"{"RequireSymbols":"False"}"#) }
    }

    func policy(_ id: String, _ document: String) throws -> IdentityFacts.PolicyFacts {
        IdentityFacts.PolicyFacts(
            arn: "arn:aws:iam::\(account.rawValue):policy/\(id)", id: id,
            statements: try PolicyDocument(json: document, kind: .identity).statements)
    }

    @Test func adminAndFullAccess() throws {
        let admin = try policy(
            "ANPAADMIN", #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#)
        let full = try policy(
            "ANPAFULL", #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#)
        let narrow = try policy(
            "ANPANARROW",
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"},{"Effect":"Deny","Action":"*","Resource":"*"}]}"#
        )
        let facts = facts { $0.policies = [admin, full, narrow] }
        #expect(try run(.iamPolicyNoStatementsWithAdminAccess, facts) == [.nonCompliant, .compliant, .compliant])
        #expect(try run(.iamPolicyNoStatementsWithFullAccess, facts) == [.nonCompliant, .nonCompliant, .compliant])
        var bounded = facts
        bounded.users = [user("u") { $0.boundaryArn = admin.arn }]
        #expect(
            try run(.iamPolicyNoStatementsWithAdminAccess, bounded, #"{"excludePermissionBoundaryPolicy":"true"}"#)
                == [.notApplicable, .compliant, .compliant])
        #expect(try run(.iamPolicyNoStatementsWithAdminAccess, bounded) == [.nonCompliant, .compliant, .compliant])
    }

    @Test func userNoPolicies() throws {
        let verdicts = try run(
            .iamUserNoPoliciesCheck,
            facts {
                $0.users = [
                    user("clean"),
                    user("managed") { $0.managedPolicyArns = ["arn:aws:iam::aws:policy/ReadOnlyAccess"] },
                    user("inline") { $0.inlinePolicyCount = 1 },
                ]
            })
        #expect(verdicts == [.compliant, .nonCompliant, .nonCompliant])
    }

    @Test func noInlinePolicy() throws {
        let facts = facts {
            $0.users = [user("u") { $0.inlinePolicyCount = 1 }]
            $0.roles = [IdentityFacts.RoleFacts(name: "r", id: "AROAR", managedPolicyArns: [], inlinePolicyCount: 0)]
            $0.groups = [
                IdentityFacts.GroupFacts(
                    name: "g", id: "AGPAG", memberCount: 0, managedPolicyArns: [], inlinePolicyCount: 2)
            ]
        }
        let verdicts = ManagedRule.iamNoInlinePolicyCheck.judge(facts, RuleParameters(), now)
        #expect(verdicts.map(\.compliance) == [.nonCompliant, .compliant, .nonCompliant])
        #expect(verdicts.map(\.resourceType) == ["AWS::IAM::User", "AWS::IAM::Role", "AWS::IAM::Group"])
    }

    @Test func groupMembership() throws {
        let facts = facts { $0.users = [user("alone"), user("dev") { $0.groups = ["developers"] }] }
        #expect(try run(.iamUserGroupMembershipCheck, facts) == [.nonCompliant, .compliant])
        #expect(
            try run(.iamUserGroupMembershipCheck, facts, #"{"groupNames":"admins, ops"}"#) == [
                .nonCompliant, .nonCompliant,
            ])
        #expect(
            try run(.iamUserGroupMembershipCheck, facts, #"{"groupNames":"ops,developers"}"#) == [
                .nonCompliant, .compliant,
            ])
    }

    @Test func groupHasUsers() throws {
        let facts = facts {
            $0.groups = [
                IdentityFacts.GroupFacts(
                    name: "empty", id: "AGPA1", memberCount: 0, managedPolicyArns: [], inlinePolicyCount: 0),
                IdentityFacts.GroupFacts(
                    name: "full", id: "AGPA2", memberCount: 3, managedPolicyArns: [], inlinePolicyCount: 0),
            ]
        }
        #expect(try run(.iamGroupHasUsersCheck, facts) == [.nonCompliant, .compliant])
    }

    @Test func policyInUse() throws {
        let arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
        let rule = ManagedRule.iamPolicyInUse
        #expect(throws: AWSError.self) { try run(rule, facts()) }
        let input = #"{"policyARN":"\#(arn)"}"#
        #expect(try run(rule, facts(), input) == [.nonCompliant])
        let emptyGroup = facts {
            $0.groups = [
                IdentityFacts.GroupFacts(
                    name: "g", id: "AGPA1", memberCount: 0, managedPolicyArns: [arn], inlinePolicyCount: 0)
            ]
        }
        #expect(try run(rule, emptyGroup, input) == [.nonCompliant])
        var used = emptyGroup
        used.groups[0].memberCount = 1
        #expect(try run(rule, used, input) == [.compliant])
        #expect(try run(rule, used, #"{"policyARN":"\#(arn)","policyUsageType":"IAM_ROLE"}"#) == [.nonCompliant])
        #expect(throws: AWSError.self) { try run(rule, used, #"{"policyARN":"\#(arn)","policyUsageType":"EVERYONE"}"#) }
    }

    @Test func roleManagedPolicies() throws {
        let a = "arn:aws:iam::aws:policy/A"
        let b = "arn:aws:iam::aws:policy/B"
        let rule = ManagedRule.iamRoleManagedPolicyCheck
        let facts = facts {
            $0.roles = [
                IdentityFacts.RoleFacts(name: "both", id: "AROA1", managedPolicyArns: [a, b], inlinePolicyCount: 0),
                IdentityFacts.RoleFacts(name: "one", id: "AROA2", managedPolicyArns: [a], inlinePolicyCount: 0),
            ]
        }
        #expect(throws: AWSError.self) { try run(rule, facts) }
        #expect(try run(rule, facts, #"{"managedPolicyArns":"\#(a),\#(b)"}"#) == [.compliant, .nonCompliant])
        #expect(try run(rule, facts, #"{"managedPolicyArns":"\#(a)"}"#) == [.compliant, .compliant])
    }

    @Test func badInputParameters() {
        #expect(throws: AWSError.self) { try RuleParameters.parse("{not json", for: .accessKeysRotated) }
        #expect(throws: AWSError.self) { try RuleParameters.parse("[1]", for: .accessKeysRotated) }
        #expect((try? RuleParameters.parse(nil, for: .accessKeysRotated))?.int("maxAccessKeyAge") == 90)
    }

    @Test func everyRuleIsCatalogued() {
        #expect(ManagedRuleCatalog.all.count == 16)
        #expect(ManagedRuleCatalog.byIdentifier.count == 16)
    }
}

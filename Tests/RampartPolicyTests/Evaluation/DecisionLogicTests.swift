import RampartPolicy
import Testing

@Suite("Decision logic")
struct DecisionLogicTests {
    static let allowAll = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#
    static let denyGetUser =
        #"{"Version":"2012-10-17","Statement":[{"Sid":"NoGetUser","Effect":"Deny","Action":"iam:GetUser","Resource":"*"}]}"#
    static let allowEC2 = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"}]}"#

    func p(_ json: String, _ kind: PolicyDocument.Kind = .identity, id: String = "p") throws -> CompiledPolicy {
        try Fixture.policy(json, kind: kind, id: id)
    }

    func resourcePolicy(_ effect: String = "Allow", principal: String, action: String = "iam:GetUser") throws
        -> CompiledPolicy
    {
        try p(
            #"{"Version":"2012-10-17","Statement":[{"Effect":"\#(effect)","Principal":\#(principal),"Action":"\#(action)","Resource":"*"}]}"#,
            .resource, id: "resource")
    }

    @Test func implicitDenyByDefault() {
        let result = Fixture.evaluate(PolicySet(), Fixture.request())
        #expect(result.decision == .implicitDeny)
        #expect(result.deniedBy == .identity)
        #expect(result.matchedStatements.isEmpty)
    }

    @Test func explicitDenyWinsInEveryPolicyType() throws {
        let allow = try p(Self.allowAll)
        let deny = try p(Self.denyGetUser, id: "deny")
        let rcpDeny = try resourcePolicy("Deny", principal: #""*""#)
        let rcpAllow = try resourcePolicy(principal: #""*""#)
        let cases: [(PolicySet, PolicyType)] = [
            (PolicySet(identity: [allow, deny]), .identity),
            (PolicySet(identity: [allow], resource: try resourcePolicy("Deny", principal: #"{"AWS":"*"}"#)), .resource),
            (PolicySet(identity: [allow], permissionsBoundary: [allow, deny]), .permissionsBoundary),
            (PolicySet(identity: [allow], session: [deny]), .session),
            (PolicySet(identity: [allow], scp: [[allow], [allow, deny]]), .scp),
            (PolicySet(identity: [allow], rcp: [[rcpAllow, rcpDeny]]), .rcp),
        ]
        for (set, type) in cases {
            let result = Fixture.evaluate(set, Fixture.request())
            #expect(result.decision == .explicitDeny, "deny in \(type)")
            #expect(result.deniedBy == type)
            #expect(result.matchedStatements.allSatisfy { $0.effect == .deny && $0.policyType == type })
        }
    }

    @Test func everySCPLevelMustAllow() throws {
        let allow = try p(Self.allowAll)
        let ec2 = try p(Self.allowEC2)
        #expect(Fixture.decision(PolicySet(identity: [allow], scp: [[allow], [allow]]), Fixture.request()) == .allow)
        let blocked = Fixture.evaluate(PolicySet(identity: [allow], scp: [[allow], [ec2]]), Fixture.request())
        #expect(blocked.decision == .implicitDeny)
        #expect(blocked.deniedBy == .scp)
        #expect(Fixture.decision(PolicySet(identity: [allow], scp: [[allow], []]), Fixture.request()) == .implicitDeny)
        // An SCP grants nothing by itself.
        #expect(Fixture.decision(PolicySet(scp: [[allow]]), Fixture.request()) == .implicitDeny)
    }

    @Test func everyRCPLevelMustAllow() throws {
        let allow = try p(Self.allowAll)
        let full = try resourcePolicy(principal: #""*""#, action: "*")
        let ec2 = try resourcePolicy(principal: #""*""#, action: "ec2:*")
        #expect(Fixture.decision(PolicySet(identity: [allow], rcp: [[full]]), Fixture.request()) == .allow)
        let blocked = Fixture.evaluate(PolicySet(identity: [allow], rcp: [[full], [ec2]]), Fixture.request())
        #expect(blocked.decision == .implicitDeny)
        #expect(blocked.deniedBy == .rcp)
    }

    @Test func permissionsBoundaryLimitsIdentityGrants() throws {
        let allow = try p(Self.allowAll)
        let ec2 = try p(Self.allowEC2)
        let limited = Fixture.evaluate(PolicySet(identity: [allow], permissionsBoundary: [ec2]), Fixture.request())
        #expect(limited.decision == .implicitDeny)
        #expect(limited.deniedBy == .permissionsBoundary)
        // A boundary grants nothing by itself.
        let alone = Fixture.evaluate(PolicySet(permissionsBoundary: [allow]), Fixture.request())
        #expect(alone.decision == .implicitDeny)
        #expect(alone.deniedBy == .identity)
        #expect(
            Fixture.decision(PolicySet(identity: [allow], permissionsBoundary: [allow]), Fixture.request()) == .allow)
    }

    @Test func sessionPoliciesLimitToo() throws {
        let allow = try p(Self.allowAll)
        let ec2 = try p(Self.allowEC2)
        let request = Fixture.request(principal: Fixture.session)
        let limited = Fixture.evaluate(PolicySet(identity: [allow], session: [ec2]), request)
        #expect(limited.decision == .implicitDeny)
        #expect(limited.deniedBy == .session)
        #expect(Fixture.decision(PolicySet(identity: [allow], session: [allow]), request) == .allow)
        // An empty session policy list (a federation token without a policy) allows nothing.
        #expect(Fixture.decision(PolicySet(identity: [allow], session: []), request) == .implicitDeny)
        #expect(Fixture.decision(PolicySet(session: [allow]), request) == .implicitDeny)
    }

    @Test func sameAccountResourcePolicyNamingTheCallerGrantsAlone() throws {
        let ec2 = try p(Self.allowEC2)
        let user = try resourcePolicy(principal: #"{"AWS":"\#(Fixture.alice)"}"#)
        // Not limited by an implicit deny in identity policies or the boundary.
        #expect(Fixture.decision(PolicySet(resource: user), Fixture.request()) == .allow)
        #expect(Fixture.decision(PolicySet(resource: user, permissionsBoundary: [ec2]), Fixture.request()) == .allow)
        // Naming the session ARN: not limited by the session policy either (IAM User Guide, session policies).
        let session = try resourcePolicy(principal: #"{"AWS":"\#(Fixture.session)"}"#)
        let sessionRequest = Fixture.request(principal: Fixture.session)
        #expect(Fixture.decision(PolicySet(resource: session, session: [ec2]), sessionRequest) == .allow)
        // Everyone ("*") names the caller as well.
        let everyone = try resourcePolicy(principal: #""*""#)
        #expect(
            Fixture.decision(PolicySet(resource: everyone, permissionsBoundary: [ec2]), Fixture.request()) == .allow)
    }

    @Test func sameAccountResourcePolicyNamingTheRoleIsLimited() throws {
        let ec2 = try p(Self.allowEC2)
        let role = try resourcePolicy(principal: #"{"AWS":"\#(Fixture.role)"}"#)
        let request = Fixture.request(principal: Fixture.session)
        #expect(Fixture.decision(PolicySet(resource: role), request) == .allow)  // the role's sessions match
        let bounded = Fixture.evaluate(PolicySet(resource: role, permissionsBoundary: [ec2]), request)
        #expect(bounded.decision == .implicitDeny)
        #expect(bounded.deniedBy == .permissionsBoundary)
        #expect(Fixture.decision(PolicySet(resource: role, session: [ec2]), request) == .implicitDeny)
        // Another role of the same name in another account does not match.
        let foreign = Fixture.request(principal: "arn:aws:sts::210987654321:assumed-role/deployer/x")
        #expect(Fixture.decision(PolicySet(resource: role), foreign) == .implicitDeny)
    }

    @Test func sameAccountResourcePolicyNamingTheAccountDelegatesToIAM() throws {
        let allow = try p(Self.allowAll)
        for principal in [#""123456789012""#, #"{"AWS":"123456789012"}"#, #"{"AWS":"arn:aws:iam::123456789012:root"}"#]
        {
            let account = try resourcePolicy(
                principal: principal.hasPrefix("{") ? principal : #"{"AWS":\#(principal)}"#)
            #expect(Fixture.decision(PolicySet(resource: account), Fixture.request()) == .implicitDeny)
            #expect(Fixture.decision(PolicySet(identity: [allow], resource: account), Fixture.request()) == .allow)
        }
    }

    @Test func crossAccountNeedsBothSides() throws {
        let allow = try p(Self.allowAll)
        let account = try resourcePolicy(principal: #"{"AWS":"123456789012"}"#)
        let user = try resourcePolicy(principal: #"{"AWS":"\#(Fixture.alice)"}"#)
        let request = Fixture.request(resourceAccount: Fixture.otherAccount)
        let identityOnly = Fixture.evaluate(PolicySet(identity: [allow]), request)
        #expect(identityOnly.decision == .implicitDeny)
        #expect(identityOnly.deniedBy == .resource)
        let resourceOnly = Fixture.evaluate(PolicySet(resource: user), request)
        #expect(resourceOnly.decision == .implicitDeny)
        #expect(resourceOnly.deniedBy == .identity)
        #expect(Fixture.decision(PolicySet(identity: [allow], resource: account), request) == .allow)
        #expect(Fixture.decision(PolicySet(identity: [allow], resource: user), request) == .allow)
        // The boundary still limits the identity side.
        let ec2 = try p(Self.allowEC2)
        #expect(
            Fixture.decision(PolicySet(identity: [allow], resource: user, permissionsBoundary: [ec2]), request)
                == .implicitDeny)
    }

    @Test func principalAccountCanBeGivenExplicitly() throws {
        let allow = try p(Self.allowAll)
        let request = Fixture.request(principalAccount: Fixture.otherAccount)
        #expect(Fixture.decision(PolicySet(identity: [allow]), request) == .implicitDeny)  // now cross-account
        #expect(Fixture.decision(PolicySet(identity: [allow]), Fixture.request(resourceAccount: nil)) == .allow)
    }

    @Test func resourceStatementsWithoutPrincipalApplyToNoOne() throws {
        let allow = try p(Self.allowAll)
        let deny = try p(Self.denyGetUser, .resource)
        #expect(Fixture.decision(PolicySet(identity: [allow], resource: deny), Fixture.request()) == .allow)
    }

    @Test func notPrincipal() throws {
        let allowOthers = try p(
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::123456789012:user/bob"},"Action":"*","Resource":"*"}]}"#,
            .resource)
        #expect(Fixture.decision(PolicySet(resource: allowOthers), Fixture.request()) == .allow)
        let bob = Fixture.request(principal: "arn:aws:iam::123456789012:user/bob")
        #expect(Fixture.decision(PolicySet(resource: allowOthers), bob) == .implicitDeny)

        let allow = try p(Self.allowAll)
        let denyOthers = try p(
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":["\#(Fixture.alice)","arn:aws:iam::123456789012:root"]},"Action":"*","Resource":"*"}]}"#,
            .resource)
        #expect(Fixture.decision(PolicySet(identity: [allow], resource: denyOthers), Fixture.request()) == .allow)
        #expect(
            Fixture.decision(
                PolicySet(identity: [allow], resource: denyOthers), Fixture.request(principal: Fixture.session))
                == .allow)  // same account root listed
        let outsider = Fixture.request(
            principal: "arn:aws:iam::210987654321:user/eve", resourceAccount: Fixture.account)
        #expect(Fixture.decision(PolicySet(identity: [allow], resource: denyOthers), outsider) == .explicitDeny)
        // AWS: Deny with NotPrincipal always denies a principal that has a permissions boundary.
        let bounded = PolicySet(identity: [allow], resource: denyOthers, permissionsBoundary: [allow])
        #expect(Fixture.decision(bounded, Fixture.request()) == .explicitDeny)
    }

    @Test func servicePrincipals() throws {
        let service = try resourcePolicy(principal: #"{"Service":"events.amazonaws.com"}"#)
        let request = Fixture.request(principal: "events.amazonaws.com", resourceAccount: Fixture.account)
        #expect(Fixture.decision(PolicySet(resource: service), request) == .allow)
        #expect(Fixture.decision(PolicySet(resource: service), Fixture.request()) == .implicitDeny)
        #expect(
            Fixture.decision(PolicySet(resource: service), Fixture.request(principal: "sns.amazonaws.com"))
                == .implicitDeny)
    }

    @Test func rootUserOfTheAccount() throws {
        let denySCP = try p(Self.denyGetUser)
        let allow = try p(Self.allowAll)
        let root = Fixture.request(principal: Fixture.root)
        #expect(Fixture.decision(PolicySet(), root) == .allow)
        #expect(Fixture.decision(PolicySet(scp: [[allow, denySCP]]), root) == .explicitDeny)
        #expect(Fixture.decision(PolicySet(scp: [[try p(Self.allowEC2)]]), root) == .implicitDeny)
        let denyResource = try resourcePolicy("Deny", principal: #""*""#)
        #expect(Fixture.decision(PolicySet(resource: denyResource), root) == .explicitDeny)
        // In another account's resource the root user needs that account's resource policy.
        let elsewhere = Fixture.request(principal: Fixture.root, resourceAccount: Fixture.otherAccount)
        #expect(Fixture.decision(PolicySet(), elsewhere) == .implicitDeny)
        let account = try resourcePolicy(principal: #"{"AWS":"123456789012"}"#)
        #expect(Fixture.decision(PolicySet(resource: account), elsewhere) == .allow)
    }

    @Test func trustPoliciesMustAllowThemselves() throws {
        let allow = try p(Self.allowAll)
        func trust(_ principal: String) throws -> CompiledPolicy {
            try p(
                #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":\#(principal),"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"#,
                .trust)
        }
        let assume = Fixture.request(
            "sts:AssumeRole", Fixture.role, context: ["aws:MultiFactorAuthPresent": .string("true")])
        let other = try trust(#"{"AWS":"arn:aws:iam::123456789012:user/bob"}"#)
        let notNamed = Fixture.evaluate(PolicySet(identity: [allow], resource: other), assume)
        #expect(notNamed.decision == .implicitDeny)
        #expect(notNamed.deniedBy == .resource)
        let account = try trust(#"{"AWS":"arn:aws:iam::123456789012:root"}"#)
        #expect(Fixture.decision(PolicySet(resource: account), assume) == .implicitDeny)
        #expect(Fixture.decision(PolicySet(identity: [allow], resource: account), assume) == .allow)
        let user = try trust(#"{"AWS":"\#(Fixture.alice)"}"#)
        #expect(Fixture.decision(PolicySet(resource: user), assume) == .allow)
        let noMFA = Fixture.request("sts:AssumeRole", Fixture.role)
        #expect(Fixture.decision(PolicySet(identity: [allow], resource: user), noMFA) == .implicitDeny)
    }

    @Test func resultNamesTheStatementsThatDecided() throws {
        let allow = try p(
            #"{"Version":"2012-10-17","Statement":[{"Sid":"Everything","Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#,
            id: "arn:aws:iam::123456789012:policy/All")
        let allowed = Fixture.evaluate(PolicySet(identity: [allow]), Fixture.request())
        #expect(
            allowed.matchedStatements == [
                MatchedStatement(
                    policyId: "arn:aws:iam::123456789012:policy/All", policyType: .identity, statementIndex: 0,
                    sid: "Everything", effect: .allow)
            ])
        #expect(allowed.deniedBy == nil)
        let denied = Fixture.evaluate(
            PolicySet(identity: [allow, try p(Self.denyGetUser, id: "deny")]), Fixture.request())
        #expect(denied.matchedStatements.map(\.sid) == ["NoGetUser"])
        #expect(denied.matchedStatements.map(\.policyId) == ["deny"])
    }

    @Test func missingContextKeysAreReported() throws {
        let policy = try p(
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"arn:aws:iam::*:user/${aws:username}","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"true"},"IpAddress":{"aws:SourceIp":"192.0.2.0/24"}}},{"Effect":"Deny","Action":"ec2:*","Resource":"*","Condition":{"Null":{"aws:RequestedRegion":"true"}}}]}"#
        )
        let result = Fixture.evaluate(
            PolicySet(identity: [policy]), Fixture.request(context: ["aws:SourceIp": .string("192.0.2.1")]))
        #expect(result.decision == .implicitDeny)
        // Conditions are read for statements whose action, principal and resource apply; a Resource whose
        // variable has no value applies to nothing, so only that variable is reported. Ec2's Null condition
        // is never read for an IAM action.
        #expect(result.missingContextKeys == ["aws:username"])
        let named = Fixture.evaluate(
            PolicySet(identity: [policy]),
            Fixture.request(context: ["aws:SourceIp": .string("192.0.2.1"), "aws:username": .string("alice")]))
        #expect(named.decision == .allow)
        #expect(named.missingContextKeys == ["aws:MultiFactorAuthPresent"])
    }
}

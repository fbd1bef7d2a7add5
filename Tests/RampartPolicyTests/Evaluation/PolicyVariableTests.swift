import RampartPolicy
import Testing

@Suite("Policy variables")
struct PolicyVariableTests {
    let ownUser = #""Action":"iam:*","Resource":"arn:aws:iam::*:user/${aws:username}""#

    @Test func usernameInResource() throws {
        let own = Fixture.request(context: ["aws:username": .string("alice")])
        let other = Fixture.request(
            "iam:GetUser", "arn:aws:iam::123456789012:user/bob", context: ["aws:username": .string("alice")])
        #expect(try Fixture.covers(ownUser, own))
        #expect(try !Fixture.covers(ownUser, other))
    }

    @Test func variableKeysAreCaseInsensitive() throws {
        let request = Fixture.request(context: ["AWS:UserName": .string("alice")])
        #expect(try Fixture.covers(ownUser, request))
    }

    @Test func missingVariableMatchesNothing() throws {
        #expect(try !Fixture.covers(ownUser, Fixture.request()))
        // NotResource with an unresolvable value: nothing is listed, so everything is covered.
        let notOwn = #""Action":"iam:*","NotResource":"arn:aws:iam::*:user/${aws:username}""#
        #expect(try Fixture.covers(notOwn, Fixture.request()))
    }

    @Test func variableValuesAreLiteral() throws {
        // A `*` in the substituted value is a character, not a wildcard.
        let request = Fixture.request(
            "iam:GetUser", "arn:aws:iam::123456789012:user/alice", context: ["aws:username": .string("*")])
        #expect(try !Fixture.covers(ownUser, request))
        let literal = Fixture.request(
            "iam:GetUser", "arn:aws:iam::123456789012:user/*", context: ["aws:username": .string("*")])
        #expect(try Fixture.covers(ownUser, literal))
    }

    @Test func multivaluedKeyHasNoSingleValue() throws {
        let request = Fixture.request(context: ["aws:username": .strings(["alice", "bob"])])
        #expect(try !Fixture.covers(ownUser, request))
        let single = Fixture.request(context: ["aws:username": .strings(["alice"])])
        #expect(try Fixture.covers(ownUser, single))
    }

    @Test func anyContextKeyCanBeAVariable() throws {
        let elements = #""Action":"s3:*","Resource":"arn:aws:s3:::team-${aws:PrincipalTag/team}/*""#
        let request = Fixture.request(
            "s3:GetObject", "arn:aws:s3:::team-blue/report.csv", context: ["aws:PrincipalTag/team": .string("blue")])
        #expect(try Fixture.covers(elements, request))
    }

    @Test func escapesStandForTheirCharacters() throws {
        let elements = #""Action":"s3:*","Resource":"arn:aws:s3:::bucket/${*}${?}${$}""#
        #expect(try Fixture.covers(elements, Fixture.request("s3:GetObject", "arn:aws:s3:::bucket/*?$")))
        #expect(try !Fixture.covers(elements, Fixture.request("s3:GetObject", "arn:aws:s3:::bucket/abc")))
    }

    @Test func defaultAppliesWhenTheKeyIsAbsent() throws {
        let elements = #""Action":"s3:*","Resource":"arn:aws:s3:::team-${aws:PrincipalTag/team, 'shared'}/*""#
        #expect(try Fixture.covers(elements, Fixture.request("s3:GetObject", "arn:aws:s3:::team-shared/x")))
        let tagged = Fixture.request(
            "s3:GetObject", "arn:aws:s3:::team-red/x", context: ["aws:PrincipalTag/team": .string("red")])
        #expect(try Fixture.covers(elements, tagged))
        #expect(try !Fixture.covers(elements, Fixture.request("s3:GetObject", "arn:aws:s3:::team-red/x")))
    }

    @Test func variablesAreLiteralUnderVersion2008() throws {
        let policy = Fixture.statements(
            #"{"Effect":"Allow","Action":"iam:*","Resource":"arn:aws:iam::*:user/${aws:username}"}"#,
            version: "2008-10-17")
        let set = PolicySet(identity: [try Fixture.policy(policy)])
        let named = Fixture.request(context: ["aws:username": .string("alice")])
        #expect(Fixture.decision(set, named) == .implicitDeny)
        let literal = Fixture.request("iam:GetUser", "arn:aws:iam::123456789012:user/${aws:username}")
        #expect(Fixture.decision(set, literal) == .allow)
        // No Version at all means the 2008 language too.
        let unversioned = Fixture.statements(
            #"{"Effect":"Allow","Action":"iam:*","Resource":"arn:aws:iam::*:user/${aws:username}"}"#, version: nil)
        #expect(Fixture.decision(PolicySet(identity: [try Fixture.policy(unversioned)]), named) == .implicitDeny)
    }

    @Test func variablesInConditionValues() throws {
        let condition = #"{"StringEquals":{"aws:ResourceTag/owner":"${aws:username}"}}"#
        #expect(
            try Fixture.holds(condition, ["aws:username": .string("alice"), "aws:ResourceTag/owner": .string("alice")]))
        #expect(
            try !Fixture.holds(condition, ["aws:username": .string("alice"), "aws:ResourceTag/owner": .string("bob")]))
        #expect(try !Fixture.holds(condition, ["aws:ResourceTag/owner": .string("alice")]))
    }

    @Test func negatedOperatorMatchesWhenTheVariableHasNoValue() throws {
        // IAM User Guide, "Policy variables with no value": inverted operators match.
        let condition = #"{"StringNotEquals":{"aws:ResourceTag/owner":"${aws:username}"}}"#
        #expect(try Fixture.holds(condition, ["aws:ResourceTag/owner": .string("alice")]))
    }

    @Test func likeValuesKeepTheirWildcardsAroundVariables() throws {
        let condition = #"{"StringLike":{"s3:prefix":"home/${aws:username}/*"}}"#
        #expect(
            try Fixture.holds(condition, ["aws:username": .string("alice"), "s3:prefix": .string("home/alice/docs/")]))
        #expect(
            try !Fixture.holds(condition, ["aws:username": .string("alice"), "s3:prefix": .string("home/bob/docs/")]))
        #expect(try !Fixture.holds(condition, ["aws:username": .string("*"), "s3:prefix": .string("home/bob/docs/")]))
    }

    @Test func onlyStringAndArnOperatorsSubstitute() throws {
        // IAM User Guide: "You can't use a policy variable with other operators, such as Numeric, Date,
        // Boolean, Binary, IP Address, or Null operators"; the text stays as written.
        let context: [String: ContextValue] = [
            "aws:SecureTransport": .string("true"), "aws:MultiFactorAuthPresent": .string("true"),
            "custom:limit": .string("5"), "aws:MultiFactorAuthAge": .string("5"),
        ]
        #expect(try !Fixture.holds(#"{"Bool":{"aws:MultiFactorAuthPresent":"${aws:SecureTransport}"}}"#, context))
        #expect(try !Fixture.holds(#"{"NumericEquals":{"aws:MultiFactorAuthAge":"${custom:limit}"}}"#, context))
        #expect(try Fixture.holds(#"{"StringEquals":{"aws:MultiFactorAuthAge":"${custom:limit}"}}"#, context))
    }

    @Test func resourceVariablesOnlyAfterTheFifthColon() throws {
        // "only in the resource portion of the ARN"; before it the text is literal.
        let elements = #""Action":"s3:*","Resource":"arn:aws:s3:${custom:region}::bucket/*""#
        let context: [String: ContextValue] = ["custom:region": .string("")]
        #expect(
            try !Fixture.covers(elements, Fixture.request("s3:GetObject", "arn:aws:s3:::bucket/a", context: context)))
        #expect(
            try Fixture.covers(
                elements, Fixture.request("s3:GetObject", "arn:aws:s3:${custom:region}::bucket/a", context: context)))
    }
}

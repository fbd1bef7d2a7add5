import RampartPolicy
import Testing

@Suite("Condition block logic")
struct ConditionLogicTests {
    @Test func valuesOfOneKeyAreOred() throws {
        let condition = #"{"StringEquals":{"aws:RequestedRegion":["eu-west-1","eu-central-1"]}}"#
        #expect(try Fixture.holds(condition, ["aws:RequestedRegion": .string("eu-central-1")]))
    }

    @Test func keysOfOneOperatorAreAnded() throws {
        let condition = #"{"StringEquals":{"aws:RequestedRegion":"eu-west-1","aws:PrincipalTag/team":"blue"}}"#
        #expect(
            try Fixture.holds(
                condition, ["aws:RequestedRegion": .string("eu-west-1"), "aws:PrincipalTag/team": .string("blue")]))
        #expect(
            try !Fixture.holds(
                condition, ["aws:RequestedRegion": .string("eu-west-1"), "aws:PrincipalTag/team": .string("red")]))
    }

    @Test func operatorsAreAnded() throws {
        let condition =
            #"{"Bool":{"aws:MultiFactorAuthPresent":"true"},"NumericLessThan":{"aws:MultiFactorAuthAge":"3600"}}"#
        #expect(
            try Fixture.holds(
                condition, ["aws:MultiFactorAuthPresent": .string("true"), "aws:MultiFactorAuthAge": .string("10")]))
        #expect(
            try !Fixture.holds(
                condition, ["aws:MultiFactorAuthPresent": .string("true"), "aws:MultiFactorAuthAge": .string("7200")]))
    }

    @Test func emptyConditionBlockHolds() throws {
        #expect(try Fixture.holds("{}"))
    }

    @Test func operatorNamesAreRecognised() throws {
        #expect(
            try Fixture.holds(
                #"{"stringequals":{"aws:RequestedRegion":"eu-west-1"}}"#, ["aws:RequestedRegion": .string("eu-west-1")])
        )
        // IAM answers an operator it does not define, with keys under it, as a syntax error.
        #expect(throws: PolicyDocumentError.syntax) {
            try Fixture.policy(Fixture.allowIf(#"{"StringEqualz":{"aws:RequestedRegion":"eu-west-1"}}"#))
        }
        #expect(throws: PolicyDocumentError.self) {
            try Fixture.policy(Fixture.allowIf(#"{"ForSomeValues:StringEquals":{"aws:TagKeys":"a"}}"#))
        }
        #expect(throws: PolicyDocumentError.self) {
            try Fixture.policy(Fixture.allowIf(#"{"StringEquals":{"aws:TagKeys":{"nested":"object"}}}"#))
        }
    }
}

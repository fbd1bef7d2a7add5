import RampartPolicy
import Testing

@Suite("Numeric operators")
struct NumericConditionTests {
    @Test(arguments: [
        ("NumericEquals", "10", "10", true),
        ("NumericEquals", "10", "10.0", true),
        ("NumericEquals", "10.5", "10.5", true),
        ("NumericEquals", "10", "11", false),
        ("NumericNotEquals", "10", "11", true),
        ("NumericNotEquals", "10", "10", false),
        ("NumericLessThan", "3600", "3599", true),
        ("NumericLessThan", "3600", "3600", false),
        ("NumericLessThanEquals", "3600", "3600", true),
        ("NumericLessThanEquals", "3600", "3601", false),
        ("NumericGreaterThan", "10", "11", true),
        ("NumericGreaterThan", "10", "10", false),
        ("NumericGreaterThanEquals", "10", "10", true),
        ("NumericGreaterThanEquals", "10", "9.99", false),
        ("NumericEquals", "-1", "-1", true),
        ("NumericEquals", "1e3", "1000", true),
    ])
    func compare(_ operatorName: String, _ policy: String, _ request: String, _ expected: Bool) throws {
        let condition = #"{"\#(operatorName)":{"aws:MultiFactorAuthAge":"\#(policy)"}}"#
        #expect(try Fixture.holds(condition, ["aws:MultiFactorAuthAge": .string(request)]) == expected)
    }

    @Test func jsonNumbersWork() throws {
        #expect(
            try Fixture.holds(
                #"{"NumericLessThan":{"aws:MultiFactorAuthAge":3600}}"#, ["aws:MultiFactorAuthAge": .string("60")]))
    }

    @Test func unreadableValuesMatchNothing() throws {
        let age: [String: ContextValue] = ["aws:MultiFactorAuthAge": .string("10")]
        #expect(try !Fixture.holds(#"{"NumericEquals":{"aws:MultiFactorAuthAge":["a","b"]}}"#, age))
        #expect(
            try !Fixture.holds(
                #"{"NumericEquals":{"aws:MultiFactorAuthAge":"10"}}"#, ["aws:MultiFactorAuthAge": .string("ten")]))
        #expect(
            try !Fixture.holds(
                #"{"NumericEquals":{"aws:MultiFactorAuthAge":"nan"}}"#, ["aws:MultiFactorAuthAge": .string("nan")]))
        #expect(
            try !Fixture.holds(
                #"{"NumericEquals":{"aws:MultiFactorAuthAge":"0x10"}}"#, ["aws:MultiFactorAuthAge": .string("16")]))
        // A negated operator is the negation of "some value matches", so nothing readable means it holds.
        #expect(try Fixture.holds(#"{"NumericNotEquals":{"aws:MultiFactorAuthAge":["a","b"]}}"#, age))
    }

    @Test func missingKey() throws {
        #expect(try !Fixture.holds(#"{"NumericLessThan":{"aws:MultiFactorAuthAge":"3600"}}"#))
        #expect(try Fixture.holds(#"{"NumericNotEquals":{"aws:MultiFactorAuthAge":"3600"}}"#))
        #expect(try Fixture.holds(#"{"NumericLessThanIfExists":{"aws:MultiFactorAuthAge":"3600"}}"#))
    }
}

import RampartPolicy
import Testing

@Suite("String operators")
struct StringConditionTests {
    let team: [String: ContextValue] = ["aws:PrincipalTag/team": .string("Blue")]

    @Test func equals() throws {
        #expect(try Fixture.holds(#"{"StringEquals":{"aws:PrincipalTag/team":"Blue"}}"#, team))
        #expect(try !Fixture.holds(#"{"StringEquals":{"aws:PrincipalTag/team":"blue"}}"#, team))  // values keep case
        #expect(try Fixture.holds(#"{"StringEquals":{"aws:PrincipalTag/team":["Red","Blue"]}}"#, team))  // values ORed
        #expect(try !Fixture.holds(#"{"StringEquals":{"aws:PrincipalTag/team":"B*"}}"#, team))  // no wildcards
        #expect(try !Fixture.holds(#"{"StringEquals":{"aws:PrincipalTag/team":"Blue"}}"#))  // missing key
    }

    @Test func keysAreCaseInsensitive() throws {
        #expect(try Fixture.holds(#"{"StringEquals":{"AWS:PRINCIPALTAG/TEAM":"Blue"}}"#, team))
    }

    @Test func notEquals() throws {
        #expect(try !Fixture.holds(#"{"StringNotEquals":{"aws:PrincipalTag/team":"Blue"}}"#, team))
        #expect(try Fixture.holds(#"{"StringNotEquals":{"aws:PrincipalTag/team":"blue"}}"#, team))
        #expect(try !Fixture.holds(#"{"StringNotEquals":{"aws:PrincipalTag/team":["Red","Blue"]}}"#, team))
        // A negated operator on a missing key matches.
        #expect(try Fixture.holds(#"{"StringNotEquals":{"aws:PrincipalTag/team":"Blue"}}"#))
    }

    @Test func ignoreCase() throws {
        #expect(try Fixture.holds(#"{"StringEqualsIgnoreCase":{"aws:PrincipalTag/team":"BLUE"}}"#, team))
        #expect(try !Fixture.holds(#"{"StringEqualsIgnoreCase":{"aws:PrincipalTag/team":"Blu*"}}"#, team))
        #expect(try !Fixture.holds(#"{"StringNotEqualsIgnoreCase":{"aws:PrincipalTag/team":"bLuE"}}"#, team))
        #expect(try Fixture.holds(#"{"StringNotEqualsIgnoreCase":{"aws:PrincipalTag/team":"Green"}}"#, team))
        let accented: [String: ContextValue] = ["aws:PrincipalTag/team": .string("ÉQUIPE")]
        #expect(try Fixture.holds(#"{"StringEqualsIgnoreCase":{"aws:PrincipalTag/team":"équipe"}}"#, accented))
    }

    @Test func like() throws {
        #expect(try Fixture.holds(#"{"StringLike":{"aws:PrincipalTag/team":"B*"}}"#, team))
        #expect(try Fixture.holds(#"{"StringLike":{"aws:PrincipalTag/team":"Bl?e"}}"#, team))
        #expect(try !Fixture.holds(#"{"StringLike":{"aws:PrincipalTag/team":"b*"}}"#, team))  // case-sensitive
        #expect(try !Fixture.holds(#"{"StringLike":{"aws:PrincipalTag/team":"Bl?"}}"#, team))
        #expect(try Fixture.holds(#"{"StringLike":{"aws:PrincipalTag/team":["R*","*ue"]}}"#, team))
        #expect(try Fixture.holds(#"{"StringLike":{"s3:prefix":"a*b*c"}}"#, ["s3:prefix": .string("aXbYbZc")]))
    }

    @Test func notLike() throws {
        #expect(try !Fixture.holds(#"{"StringNotLike":{"aws:PrincipalTag/team":"B*"}}"#, team))
        #expect(try Fixture.holds(#"{"StringNotLike":{"aws:PrincipalTag/team":"R*"}}"#, team))
        #expect(try Fixture.holds(#"{"StringNotLike":{"aws:PrincipalTag/team":"R*"}}"#))
    }

    @Test func plainOperatorOnAMultivaluedRequestValue() throws {
        // AWS defines plain operators for single-valued keys; several request values equal nothing.
        let several: [String: ContextValue] = ["aws:CalledVia": .strings(["a", "b"])]
        #expect(try !Fixture.holds(#"{"StringEquals":{"aws:CalledVia":"a"}}"#, several))
        #expect(try Fixture.holds(#"{"StringNotEquals":{"aws:CalledVia":"a"}}"#, several))
        #expect(try Fixture.holds(#"{"StringEquals":{"aws:CalledVia":"a"}}"#, ["aws:CalledVia": .strings(["a"])]))
    }

    @Test func numbersAndBooleansInJSONAreComparedAsText() throws {
        #expect(
            try Fixture.holds(
                #"{"StringEquals":{"aws:PrincipalTag/level":3}}"#, ["aws:PrincipalTag/level": .string("3")]))
        #expect(
            try Fixture.holds(
                #"{"StringEquals":{"aws:PrincipalTag/flag":true}}"#, ["aws:PrincipalTag/flag": .string("true")]))
    }
}

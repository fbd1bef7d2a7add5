import RampartPolicy
import Testing

@Suite("ForAllValues and ForAnyValue")
struct SetOperatorTests {
    let allowed = #"["team","cost-center"]"#

    @Test func forAllValues() throws {
        let condition = #"{"ForAllValues:StringEquals":{"aws:TagKeys":\#(allowed)}}"#
        #expect(try Fixture.holds(condition, ["aws:TagKeys": .strings(["team"])]))
        #expect(try Fixture.holds(condition, ["aws:TagKeys": .strings(["cost-center", "team"])]))
        #expect(try !Fixture.holds(condition, ["aws:TagKeys": .strings(["team", "owner"])]))
        // Absent or empty: vacuously true, as AWS documents.
        #expect(try Fixture.holds(condition))
        #expect(try Fixture.holds(condition, ["aws:TagKeys": .strings([])]))
        // A single-valued request value is a set of one.
        #expect(try Fixture.holds(condition, ["aws:TagKeys": .string("team")]))
        #expect(try !Fixture.holds(condition, ["aws:TagKeys": .string("owner")]))
    }

    @Test func forAnyValue() throws {
        let condition = #"{"ForAnyValue:StringEquals":{"aws:TagKeys":\#(allowed)}}"#
        #expect(try Fixture.holds(condition, ["aws:TagKeys": .strings(["owner", "team"])]))
        #expect(try !Fixture.holds(condition, ["aws:TagKeys": .strings(["owner"])]))
        #expect(try !Fixture.holds(condition))
        #expect(try !Fixture.holds(condition, ["aws:TagKeys": .strings([])]))
    }

    @Test func negatedOperatorsInsideSets() throws {
        // ForAllValues:StringNotEquals: no request value is one of the listed ones.
        let none = #"{"ForAllValues:StringNotEquals":{"aws:TagKeys":["admin","root"]}}"#
        #expect(try Fixture.holds(none, ["aws:TagKeys": .strings(["team", "owner"])]))
        #expect(try !Fixture.holds(none, ["aws:TagKeys": .strings(["team", "admin"])]))
        #expect(try Fixture.holds(none))
        // ForAnyValue:StringNotEquals: at least one request value is not listed.
        let some = #"{"ForAnyValue:StringNotEquals":{"aws:TagKeys":["team"]}}"#
        #expect(try Fixture.holds(some, ["aws:TagKeys": .strings(["team", "owner"])]))
        #expect(try !Fixture.holds(some, ["aws:TagKeys": .strings(["team"])]))
        #expect(try !Fixture.holds(some))
    }

    @Test func setOperatorsWithOtherFamilies() throws {
        #expect(
            try Fixture.holds(
                #"{"ForAnyValue:StringLike":{"aws:TagKeys":"cost-*"}}"#, ["aws:TagKeys": .strings(["x", "cost-a"])]))
        #expect(
            try Fixture.holds(
                #"{"ForAllValues:StringEqualsIgnoreCase":{"aws:TagKeys":["TEAM"]}}"#,
                ["aws:TagKeys": .strings(["team", "Team"])]))
        #expect(
            try Fixture.holds(
                #"{"ForAllValues:NumericLessThan":{"custom:sizes":"10"}}"#, ["custom:sizes": .strings(["1", "9"])]))
        #expect(
            try !Fixture.holds(
                #"{"ForAllValues:NumericLessThan":{"custom:sizes":"10"}}"#, ["custom:sizes": .strings(["1", "19"])]))
        #expect(try Fixture.holds(#"{"ForAnyValue:StringEqualsIfExists":{"aws:TagKeys":"team"}}"#))
    }
}

import RampartPolicy
import Testing

@Suite("Null and IfExists")
struct NullAndIfExistsTests {
    let present: [String: ContextValue] = ["aws:TokenIssueTime": .string("2024-01-01T00:00:00Z")]

    @Test func null() throws {
        #expect(try Fixture.holds(#"{"Null":{"aws:TokenIssueTime":"true"}}"#))
        #expect(try !Fixture.holds(#"{"Null":{"aws:TokenIssueTime":"true"}}"#, present))
        #expect(try !Fixture.holds(#"{"Null":{"aws:TokenIssueTime":"false"}}"#))
        #expect(try Fixture.holds(#"{"Null":{"aws:TokenIssueTime":"false"}}"#, present))
        #expect(try Fixture.holds(#"{"Null":{"aws:TokenIssueTime":true}}"#))  // JSON boolean
        #expect(try Fixture.holds(#"{"Null":{"aws:TokenIssueTime":["true","false"]}}"#, present))
        // An empty list is no value.
        #expect(try Fixture.holds(#"{"Null":{"aws:TagKeys":"true"}}"#, ["aws:TagKeys": .strings([])]))
    }

    @Test func setQualifiedNullIsNull() throws {
        #expect(try Fixture.holds(#"{"ForAllValues:Null":{"aws:CalledVia":"true"}}"#))
        #expect(try Fixture.holds(#"{"ForAnyValue:Null":{"aws:CalledVia":"true"}}"#))
        #expect(
            try !Fixture.holds(#"{"ForAnyValue:Null":{"aws:CalledVia":"true"}}"#, ["aws:CalledVia": .strings(["x"])]))
    }

    @Test(arguments: [
        "StringEqualsIfExists", "StringNotEqualsIfExists", "StringLikeIfExists", "NumericEqualsIfExists",
        "DateEqualsIfExists", "BoolIfExists", "IpAddressIfExists", "NotIpAddressIfExists", "ArnLikeIfExists",
        "ArnNotEqualsIfExists", "BinaryEqualsIfExists", "StringEqualsIgnoreCaseIfExists",
    ])
    func ifExistsHoldsWhenTheKeyIsAbsent(_ operatorName: String) throws {
        #expect(try Fixture.holds(#"{"\#(operatorName)":{"custom:absent":"x"}}"#))
    }

    @Test func ifExistsComparesWhenTheKeyIsPresent() throws {
        let context: [String: ContextValue] = ["aws:ResourceOrgID": .string("o-other")]
        #expect(try !Fixture.holds(#"{"StringEqualsIfExists":{"aws:ResourceOrgID":"o-mine"}}"#, context))
        #expect(try Fixture.holds(#"{"StringNotEqualsIfExists":{"aws:ResourceOrgID":"o-mine"}}"#, context))
        #expect(try Fixture.holds(#"{"StringEqualsIfExists":{"aws:ResourceOrgID":"o-other"}}"#, context))
    }

    @Test func nullIfExistsIsNotAnOperator() {
        #expect(throws: PolicyDocumentError.self) {
            try Fixture.policy(Fixture.allowIf(#"{"NullIfExists":{"aws:CalledVia":"true"}}"#))
        }
    }
}

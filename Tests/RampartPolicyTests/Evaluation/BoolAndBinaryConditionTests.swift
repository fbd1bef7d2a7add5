import RampartPolicy
import Testing

@Suite("Bool and BinaryEquals")
struct BoolAndBinaryConditionTests {
    @Test func bool() throws {
        let present: [String: ContextValue] = ["aws:SecureTransport": .string("true")]
        #expect(try Fixture.holds(#"{"Bool":{"aws:SecureTransport":"true"}}"#, present))
        #expect(try Fixture.holds(#"{"Bool":{"aws:SecureTransport":true}}"#, present))  // JSON boolean
        #expect(
            try Fixture.holds(#"{"Bool":{"aws:SecureTransport":"true"}}"#, ["aws:SecureTransport": .string("TRUE")]))
        #expect(try !Fixture.holds(#"{"Bool":{"aws:SecureTransport":"false"}}"#, present))
        #expect(try Fixture.holds(#"{"Bool":{"aws:SecureTransport":["false","true"]}}"#, present))
        #expect(
            try !Fixture.holds(#"{"Bool":{"aws:SecureTransport":"true"}}"#, ["aws:SecureTransport": .string("yes")]))
        #expect(try !Fixture.holds(#"{"Bool":{"aws:SecureTransport":"true"}}"#))
        #expect(try Fixture.holds(#"{"BoolIfExists":{"aws:SecureTransport":"true"}}"#))
    }

    @Test func binaryEqualsComparesDecodedBytes() throws {
        let value: [String: ContextValue] = ["custom:blob": .string("QUJD")]  // "ABC"
        #expect(try Fixture.holds(#"{"BinaryEquals":{"custom:blob":"QUJD"}}"#, value))
        #expect(try Fixture.holds(#"{"BinaryEquals":{"custom:blob":["eHl6","QUJD"]}}"#, value))
        #expect(try !Fixture.holds(#"{"BinaryEquals":{"custom:blob":"eHl6"}}"#, value))
        #expect(try !Fixture.holds(#"{"BinaryEquals":{"custom:blob":"QUJD"}}"#, ["custom:blob": .string("%%%")]))
        #expect(try Fixture.holds(#"{"BinaryEqualsIfExists":{"custom:blob":"QUJD"}}"#))
    }
}

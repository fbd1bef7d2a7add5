import Foundation
import RampartCore
import Testing

@Suite struct TrailValueTests {
    @Test func membersKeepTheirOrderAndAbsentOnesAreLeftOut() {
        let value = TrailValue.members([
            ("b", .int(2)), ("a", .bool(true)), ("gone", nil), ("n", .null),
            ("list", .array([.string("x"), .int(-1)])),
        ])
        #expect(value.json == #"{"b":2,"a":true,"n":null,"list":["x",-1]}"#)
    }

    @Test func stringsAreEscapedAsRFC8259Requires() throws {
        let text = "quote \" backslash \\ newline \n tab \t bell \u{07} é ✓"
        let json = TrailValue.string(text).json
        #expect(json == #""quote \" backslash \\ newline \n tab \t bell \u0007 é ✓""#)
        let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed) as? String
        #expect(decoded == text)
    }

    @Test func plainStringsAreCopiedWhole() {
        #expect(
            TrailValue.string("arn:aws:iam::123456789012:user/alice").json == #""arn:aws:iam::123456789012:user/alice""#
        )
    }
}

import RampartPolicy
import Testing

@Suite("Date operators")
struct DateConditionTests {
    @Test(arguments: [
        ("DateEquals", "2024-01-01", "2024-01-01T00:00:00Z", true),
        ("DateEquals", "2024-01-01T00:00:00Z", "1704067200", true),  // epoch seconds
        ("DateEquals", "1704067200", "2024-01-01T00:00:00.000Z", true),
        ("DateEquals", "2024-01-01T02:00:00+02:00", "2024-01-01T00:00:00Z", true),
        ("DateEquals", "2024-01-01T00:00:00-0130", "2024-01-01T01:30:00Z", true),
        ("DateEquals", "2024-01-01", "2024-01-01T00:00:01Z", false),
        ("DateNotEquals", "2024-01-01", "2023-12-25", true),
        ("DateNotEquals", "2024-01-01", "2024-01-01", false),
        ("DateLessThan", "2024-01-01T00:00:00Z", "2023-12-31T23:59:59Z", true),
        ("DateLessThan", "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z", false),
        ("DateLessThanEquals", "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z", true),
        ("DateGreaterThan", "2024-01-01T00:00:00Z", "2024-01-01T00:00:00.5Z", true),
        ("DateGreaterThan", "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z", false),
        ("DateGreaterThanEquals", "2024-02-29T12:00:00Z", "2024-02-29T12:00:00Z", true),
        ("DateGreaterThanEquals", "2024-02-29T12:00:00Z", "1709207999", false),
    ])
    func compare(_ operatorName: String, _ policy: String, _ request: String, _ expected: Bool) throws {
        let condition = #"{"\#(operatorName)":{"aws:CurrentTime":"\#(policy)"}}"#
        #expect(try Fixture.holds(condition, ["aws:CurrentTime": .string(request)]) == expected)
    }

    @Test(arguments: ["not a date", "2023-02-29", "2024-13-01", "2024-01-01T25:00:00Z", "2024-01-01T00:00:00Q", ""])
    func unreadableDatesMatchNothing(_ text: String) throws {
        #expect(
            try !Fixture.holds(#"{"DateEquals":{"aws:CurrentTime":"\#(text)"}}"#, ["aws:CurrentTime": .string(text)]))
    }
}

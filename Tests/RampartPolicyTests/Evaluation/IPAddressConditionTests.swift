import RampartPolicy
import Testing

@Suite("IpAddress and NotIpAddress")
struct IPAddressConditionTests {
    @Test(arguments: [
        ("192.0.2.0/24", "192.0.2.44", true),
        ("192.0.2.0/24", "192.0.3.1", false),
        ("192.0.2.44", "192.0.2.44", true),  // a bare address is a /32
        ("192.0.2.44/32", "192.0.2.45", false),
        ("0.0.0.0/0", "203.0.113.9", true),
        ("10.1.2.3/8", "10.200.0.1", true),  // host bits in the policy are ignored
        ("2001:db8::/32", "2001:0db8:85a3::8a2e:0370:7334", true),
        ("2001:db8::/32", "2001:db9::1", false),
        ("2001:db8:85a3::8a2e:370:7334", "2001:0db8:85a3:0000:0000:8a2e:0370:7334", true),
        ("::/0", "::1", true),
        ("::ffff:192.0.2.0/120", "::ffff:192.0.2.7", true),
        ("2001:db8::/32", "192.0.2.1", false),  // families never match each other
        ("192.0.2.0/24", "2001:db8::1", false),
        ("192.0.2.0/24", "not an address", false),
        ("192.0.2.0/33", "192.0.2.1", false),  // unreadable policy value
        ("123456789012", "10.10.72.13", false),
        ("1::2::3/64", "1::2", false),
    ])
    func ipAddress(_ range: String, _ address: String, _ expected: Bool) throws {
        let condition = #"{"IpAddress":{"aws:SourceIp":"\#(range)"}}"#
        #expect(try Fixture.holds(condition, ["aws:SourceIp": .string(address)]) == expected)
    }

    @Test func notIpAddress() throws {
        let office = #"{"NotIpAddress":{"aws:SourceIp":["192.0.2.0/24","2001:db8::/32"]}}"#
        #expect(try !Fixture.holds(office, ["aws:SourceIp": .string("192.0.2.10")]))
        #expect(try !Fixture.holds(office, ["aws:SourceIp": .string("2001:db8::10")]))
        #expect(try Fixture.holds(office, ["aws:SourceIp": .string("198.51.100.1")]))
        #expect(try Fixture.holds(office))  // negated operator, missing key
        #expect(try !Fixture.holds(#"{"IpAddress":{"aws:SourceIp":"192.0.2.0/24"}}"#))
    }
}

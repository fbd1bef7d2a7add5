import RampartPolicy
import Testing

@testable import RampartServer

@Suite struct TrustedProxiesTests {
    let proxies = TrustedProxies(networks: [IPNetwork("10.0.0.0/8")!, IPNetwork("2001:db8:ffff::/48")!])

    @Test func anUntrustedPeerIsTheClientWhateverItSays() {
        #expect(proxies.clientAddress(peer: "192.0.2.1", headers: [("X-Forwarded-For", "203.0.113.9")]) == "192.0.2.1")
        #expect(
            TrustedProxies().clientAddress(peer: "10.0.0.1", headers: [("x-forwarded-for", "1.2.3.4")]) == "10.0.0.1")
    }

    @Test func aTrustedPeerNamesTheClosestUntrustedHop() {
        let headers = [("x-forwarded-for", "198.51.100.1, 203.0.113.9"), ("X-Forwarded-For", "10.9.9.9")]
        #expect(proxies.clientAddress(peer: "10.0.0.1", headers: headers) == "203.0.113.9")
        #expect(
            proxies.clientAddress(peer: "2001:db8:ffff::1", headers: [("X-Forwarded-For", "2001:db8::5")])
                == "2001:db8::5")
    }

    @Test func missingOrUnreadableHeadersKeepWhatIsKnown() {
        #expect(proxies.clientAddress(peer: "10.0.0.1", headers: []) == "10.0.0.1")
        #expect(proxies.clientAddress(peer: "10.0.0.1", headers: [("X-Forwarded-For", "junk")]) == "10.0.0.1")
        #expect(proxies.clientAddress(peer: "10.0.0.1", headers: [("X-Forwarded-For", "10.0.0.0/8")]) == "10.0.0.1")
        #expect(
            proxies.clientAddress(peer: "10.0.0.1", headers: [("X-Forwarded-For", "1.1.1.1, junk, 10.2.2.2")])
                == "10.2.2.2")
    }

    @Test func theHeaderNameIsConfigurable() {
        let custom = TrustedProxies(networks: [IPNetwork("127.0.0.1")!], header: "X-Real-IP")
        #expect(custom.clientAddress(peer: "127.0.0.1", headers: [("x-real-ip", "203.0.113.1")]) == "203.0.113.1")
        #expect(custom.clientAddress(peer: "127.0.0.1", headers: [("X-Forwarded-For", "203.0.113.1")]) == "127.0.0.1")
    }
}

import Testing

@testable import RampartConsole

/// The redirect of a loopback origin reached by its other name (issue 15, bug 7).
@Suite struct ConsoleOriginTests {
    @Test(arguments: [
        ("http://localhost:9430", "127.0.0.1:9430", "http://localhost:9430/console/signin?a=1"),
        ("http://localhost:9430", "[::1]:9430", "http://localhost:9430/console/signin?a=1"),
        ("http://127.0.0.1:9430", "localhost:9430", "http://127.0.0.1:9430/console/signin?a=1"),
        ("http://[::1]:9430", "localhost:9430", "http://[::1]:9430/console/signin?a=1"),
    ])
    func anotherLoopbackNameGoesToTheOrigin(origin: String, host: String, expected: String) {
        let configuration = ConsoleConfiguration(origin: origin)
        #expect(configuration.canonicalURL(host: host, path: "/console/signin", query: "a=1") == expected)
    }

    @Test(arguments: [
        ("http://localhost:9430", "localhost:9430"),
        ("http://localhost:9430", "LOCALHOST:9430"),
        ("http://[::1]:9430", "[::1]:9430"),
        // A proxy in front of a public origin sends its own Host: left alone.
        ("https://id.example.com", "127.0.0.1:9430"),
        // Not a loopback name: not ours to redirect.
        ("http://localhost:9430", "evil.example:9430"),
    ])
    func theOriginItselfAndOtherHostsAreLeftAlone(origin: String, host: String) {
        #expect(ConsoleConfiguration(origin: origin).canonicalURL(host: host, path: "/console", query: "") == nil)
    }

    @Test func noHostHeaderIsLeftAlone() {
        #expect(ConsoleConfiguration(origin: "http://localhost:1").canonicalURL(host: nil, path: "/", query: "") == nil)
    }
}

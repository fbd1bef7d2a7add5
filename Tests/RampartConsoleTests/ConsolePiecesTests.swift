import Testing

@testable import RampartConsole

@Suite struct ConsolePiecesTests {
    @Test func cookiesAreHttpOnlyStrictAndScoped() {
        let cookie = SetCookie(name: "rampart-session", value: "abc", maxAge: 3600, secure: true)
        #expect(
            cookie.headerValue == "rampart-session=abc; Path=/console; HttpOnly; SameSite=Strict; Max-Age=3600; Secure")
        #expect(
            SetCookie.deleting("x", secure: false).headerValue
                == "x=; Path=/console; HttpOnly; SameSite=Strict; Max-Age=0")
    }

    @Test(arguments: [
        ("http://localhost:9430", true), ("https://id.example.com", true), ("http://127.0.0.1:9430", true),
        ("http://id.example.com", false),
    ])
    func secureCookiesFollowTheOrigin(origin: String, secure: Bool) {
        #expect(ConsoleConfiguration(origin: origin).secureCookies == secure)
    }

    @Test func relyingPartyIdDefaultsToTheHost() {
        #expect(ConsoleConfiguration(origin: "https://id.example.com:8443").relyingPartyId == "id.example.com")
        #expect(
            ConsoleConfiguration(origin: "http://localhost:1", relyingPartyId: "example.com").relyingPartyId
                == "example.com")
    }

    @Test func htmlEscapesEverythingThatCouldOpenMarkup() {
        #expect(
            HTML.escape(#"<a href="x" onclick='y'>&</a>"#)
                == "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;")
    }

    @Test func requestCookiesAreParsedFirstWins() {
        let request = ConsoleRequest(
            method: "GET", path: "/console", headers: [("Cookie", "a=1; b=2"), ("cookie", "a=3; c")], body: [],
            sourceIp: "127.0.0.1", requestId: "r")
        #expect(request.cookies == ["a": "1", "b": "2"])
    }

    @Test func requestCookiesSplitOnBytesNotGraphemes() {
        // Found by scripts/fuzz (cookies target): U+0600 joins the following ";" into one Character,
        // so splitting on Characters glued the next cookie onto this one's value.
        let request = ConsoleRequest(
            method: "GET", path: "/console", headers: [("Cookie", "a=x\u{0600}; b=2; c=; d")], body: [],
            sourceIp: "127.0.0.1", requestId: "r")
        #expect(request.cookies == ["a": "x\u{0600}", "b": "2"])
    }
}

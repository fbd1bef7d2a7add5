import Testing

@testable import RampartConsole

/// The names a redirect's query may carry to make a page say why the browser came (issue 15, bugs 8 and
/// 10), and the device name rule of the console (bug 5).
@Suite struct PageNoticeTests {
    @Test func onlyKnownReasonsAreRead() {
        #expect(ExpiredNotice(query: "expired=session") == .session)
        #expect(ExpiredNotice(query: "a=1&expired=sign-in") == .signIn)
        #expect(ExpiredNotice(query: "expired=%3Cb%3E") == nil)
        #expect(ExpiredNotice(query: "") == nil)
        #expect(FailedCodeNotice(query: "failed=code") == .code)
        #expect(FailedCodeNotice(query: "failed=anything") == nil)
        #expect(SecurityNotice(query: "notice=key-added") == .keyAdded)
        #expect(SecurityNotice(query: "notice=key-added%20now") == nil)
    }

    @Test func eachReasonLeadsBackToItself() {
        #expect(ExpiredNotice(query: String(ExpiredNotice.session.location.split(separator: "?")[1])) == .session)
        #expect(FailedCodeNotice.recoveryCode.location("/console/mfa") == "/console/mfa?failed=recovery-code")
    }

    @Test(arguments: ["phone", "a+b=c,d.e@f_g-h", String(repeating: "x", count: 226)])
    func namesTheAPITakes(name: String) throws {
        try DeviceNameRule.check(name)
    }

    @Test(arguments: ["", "my phone", "café", "a/b", String(repeating: "x", count: 227)])
    func namesTheAPIRefuses(name: String) {
        #expect(throws: (any Error).self) { try DeviceNameRule.check(name) }
    }

    @Test func aPasskeyNameStopsAtSixtyFour() throws {
        try DeviceNameRule.check(String(repeating: "k", count: 64), maxLength: 64)
        #expect(throws: (any Error).self) { try DeviceNameRule.check(String(repeating: "k", count: 65), maxLength: 64) }
    }
}

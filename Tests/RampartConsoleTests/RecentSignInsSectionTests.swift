import Foundation
import RampartCore
import RampartServices
import Testing

@testable import RampartConsole

/// The security page's recent sign-ins: read from ConsoleLogin records of the principal only, and
/// rendered with the device's name when it has one, escaped.
@Suite struct RecentSignInsSectionTests {
    let account = AccountID("111111111111")!
    let time = Date(timeIntervalSince1970: 1_800_000_001)

    func login(type: String = "IAMUser", principalId: String = "AIDAALICE", name: String = "ConsoleLogin", mfa: String)
        -> TrailEvent
    {
        let body = """
            {"userIdentity":{"type":"\(type)","principalId":"\(principalId)"},"eventName":"\(name)","sourceIPAddress":"203.0.113.4","responseElements":{"ConsoleLogin":"Failure"},"additionalEventData":{"MFAUsed":"\(mfa)","MFAIdentifier":"arn:aws:iam::111111111111:mfa/<a>"},"errorMessage":"Invalid MFA code"}
            """
        return TrailEvent(
            account: account, organization: nil, time: time, eventId: "e", eventName: name,
            eventSource: "signin.amazonaws.com", username: "alice", accessKeyId: nil, readOnly: false, resources: [],
            body: body)
    }

    @Test func onlyThePrincipalsConsoleLoginsAreSignIns() throws {
        let entry = try #require(
            SignInHistory.Entry(login(mfa: "Yes"), identityType: "IAMUser", principalId: "AIDAALICE"))
        #expect(entry.mfaUsed && entry.mfaIdentifier == "arn:aws:iam::111111111111:mfa/<a>")
        #expect(!entry.succeeded && entry.failureReason == "Invalid MFA code" && entry.sourceIp == "203.0.113.4")
        #expect(SignInHistory.Entry(login(mfa: "No"), identityType: "Root", principalId: "AIDAALICE") == nil)
        #expect(SignInHistory.Entry(login(mfa: "No"), identityType: "IAMUser", principalId: "AIDAOTHER") == nil)
        #expect(
            SignInHistory.Entry(login(name: "CheckMfa", mfa: "No"), identityType: "IAMUser", principalId: "AIDAALICE")
                == nil)
    }

    @Test func theSectionNamesTheDeviceAndEscapes() throws {
        let failed = try #require(
            SignInHistory.Entry(login(mfa: "Yes"), identityType: "IAMUser", principalId: "AIDAALICE"))
        var succeeded = failed
        succeeded.succeeded = true
        succeeded.mfaUsed = false
        let html = RecentSignInsSection.render(
            SignInHistory.Recent(entries: [succeeded, failed], searchedAll: true),
            nicknames: ["arn:aws:iam::111111111111:mfa/<a>": "<phone>"],
            allEvents: "/console/events?key=Username&value=a")
        #expect(html.contains("id=\"sign-in-0\"") && html.contains("id=\"sign-in-1\""))
        #expect(html.contains("<strong class=\"mfa-name\">&lt;phone&gt;</strong>"))
        #expect(html.contains("arn:aws:iam::111111111111:mfa/&lt;a&gt;") && !html.contains("mfa/<a>"))
        #expect(html.contains(">Success</span>") && html.contains(">Failure</span>"))
        #expect(html.contains("Invalid MFA code") && html.contains("<span>2027-01-15</span> <span>08:00:01</span>"))
        #expect(html.contains("href=\"/console/events?key=Username&amp;value=a\" id=\"all-sign-ins\""))
    }

    @Test func theSectionSaysWhenTheSearchStoppedShort() {
        let html = RecentSignInsSection.render(SignInHistory.Recent(entries: [], searchedAll: false))
        #expect(html.contains("id=\"no-sign-ins\"") && html.contains("Only your latest 500 events were searched."))
        #expect(RecentSignInsSection.render(nil).contains("could not be read"))
    }
}

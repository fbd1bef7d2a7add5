import Foundation
import Testing

@testable import RampartConsole

/// The pure pieces of the administrator's pages: where a path leads, what a device is from its serial
/// number, which section the bar marks, and that table text is escaped by default.
@Suite struct AdminPagesTests {
    @Test func pathsLeadToTheirPage() {
        #expect(AdminPath("/console/users") == AdminPath(area: .users, name: nil, action: nil))
        #expect(AdminPath("/console/users/a+b=c,d.e@f") == AdminPath(area: .users, name: "a+b=c,d.e@f", action: nil))
        #expect(AdminPath("/console/roles/deploy/delete") == AdminPath(area: .roles, name: "deploy", action: "delete"))
        #expect(AdminPath("/console/policies/view") == AdminPath(area: .policies, name: nil, action: "view"))
        #expect(AdminPath("/console/users/a%40b") == AdminPath(area: .users, name: "a@b", action: nil))
        #expect(AdminPath("/console/users/a/b/c") == nil)
        #expect(AdminPath("/console/users//x") == nil)
        #expect(AdminPath("/console/policies/a/b") == nil)
        #expect(AdminPath("/console/security") == nil)
        #expect(AdminPath("/elsewhere/users") == nil)
    }

    @Test func entityPathsRoundTrip() {
        for name in ["alice", "a+b=c,d.e@f_g-h", "with space"] {
            #expect(AdminPath(AdminPath.entity(.groups, name, "attach"))?.name == name)
        }
    }

    @Test func devicesByTheirSerialNumber() {
        #expect(MFAKind(serialNumber: "arn:aws:iam::123456789012:mfa/phone") == .authenticator)
        #expect(MFAKind(serialNumber: "arn:aws:iam::123456789012:u2f/user/alice/key") == .passkey)
        #expect(MFAKind(serialNumber: "GAHT12345678") == .hardware)
        func summary(_ serials: [String]) -> String {
            let found = MFAKind.summary(serials)
            return "\(found.text), phishing-resistant: \(found.phishingResistant)"
        }
        #expect(summary([]) == "None, phishing-resistant: false")
        #expect(summary(["arn:aws:iam::1:mfa/a"]) == "Authenticator, phishing-resistant: false")
        #expect(summary(["arn:aws:iam::1:u2f/user/a/k"]) == "Passkey, phishing-resistant: true")
        #expect(summary(["arn:aws:iam::1:mfa/a", "arn:aws:iam::1:u2f/user/a/k"]) == "Both, phishing-resistant: true")
    }

    @Test func theBarMarksTheSectionOfThePath() {
        let links = ConsoleHeader.links(events: true, administer: true)
        #expect(ConsoleHeader.section(of: "/console", among: links) == "nav-home")
        #expect(ConsoleHeader.section(of: "/console/users/alice", among: links) == "nav-users")
        #expect(ConsoleHeader.section(of: "/console/usersx", among: links) == nil)
        #expect(ConsoleHeader.section(of: "/console/policies/view", among: links) == "nav-policies")
        #expect(ConsoleHeader.links(events: false, administer: false).allSatisfy { $0.id != "nav-users" })
    }

    @Test func tableTextIsEscaped() {
        let html = AdminTable.render(
            id: "t", label: "<L>", headers: ["<h>"], rows: [[.text("<script>x</script>")]], empty: "")
        #expect(!html.contains("<script>") && html.contains("&lt;script&gt;x&lt;/script&gt;"))
        #expect(html.contains("aria-label=\"&lt;L&gt;\"") && html.contains("&lt;h&gt;"))
        #expect(AdminTable.link("<a>", to: "/x?\"y").contains("href=\"/x?&quot;y\">&lt;a&gt;</a>"))
    }

    @Test func agesInWholeDays() {
        let now = Date(timeIntervalSince1970: 1_000_000)
        #expect(AdminTime.age(of: now.addingTimeInterval(-3_600), now: now) == "today")
        #expect(AdminTime.age(of: now.addingTimeInterval(-86_400), now: now) == "1 day")
        #expect(AdminTime.ago(now.addingTimeInterval(-12 * 86_400), now: now) == "12 days ago")
        #expect(AdminTime.until(now.addingTimeInterval(61), now: now) == "2 minutes")
    }
}

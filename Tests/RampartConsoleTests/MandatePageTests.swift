import Foundation
import RampartCore
import RampartWire
import Testing

@testable import RampartConsole
@testable import RampartServices

/// The mandate's page renders what the report and the configuration say, escaped; its forms' fields are
/// read strictly.
@Suite struct MandatePageTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15T08:00:00Z
    let day: TimeInterval = 86_400

    func row(
        _ id: String, name: String = "Account", email: String = "root@example.com", kind: AccountKind = .standalone,
        devices: [String: Int] = [:], _ assessment: MandateAssessment
    ) -> MandateReport.Row {
        MandateReport.Row(
            accountId: id, name: name, email: email, kind: kind, partition: "aws", hasRootCredentials: true,
            devices: devices, phishingResistantDevices: devices["SECURITY_KEY"] ?? 0, assessment: assessment)
    }

    func view(paused: Bool = false, exemptions: [MandateExemption] = []) -> MandatePage.View {
        var rollout = Rollout(
            phases: [
                Rollout.Phase(kinds: [.management], start: now.addingTimeInterval(-10 * day)),
                Rollout.Phase(kinds: [.standalone], start: now.addingTimeInterval(5 * day)),
            ], waveSize: 1, waveIntervalDays: 30, dryRun: false, plannedAt: now.addingTimeInterval(-20 * day))
        rollout.waves = [Rollout.Wave(phase: 0, slot: 0), Rollout.Wave(phase: 1, slot: 0)]
        rollout.dryRunWaves = [2]
        rollout.pausedAt = paused ? now.addingTimeInterval(-day) : nil
        let started = now.addingTimeInterval(-10 * day)
        let later = paused ? nil : now.addingTimeInterval(5 * day)
        let rows = [
            row(
                "111111111111", name: "<script>alert(1)</script>", email: "x\"@example.com", kind: .management,
                MandateAssessment(
                    status: .inGrace, wave: 1, waveStart: started, daysLeft: 12,
                    blockDate: now.addingTimeInterval(12 * day),
                    dryRun: false)),
            row(
                "222222222222", devices: ["AUTHENTICATOR_APP": 1, "SECURITY_KEY": 2],
                MandateAssessment(status: .scheduled, wave: 2, waveStart: later, dryRun: true)),
            row(
                "333333333333",
                MandateAssessment(
                    status: .exempt, reason: "exempted by the operator: <b>drill</b> & co", dryRun: false)),
            row(
                "444444444444", kind: .member,
                MandateAssessment(status: .outOfScope, reason: "member accounts are not in scope", dryRun: false)),
        ]
        let report = MandateReport(
            date: now, rows: rows, counts: [.inGrace: 1, .scheduled: 1, .exempt: 1, .outOfScope: 1],
            waves: [1: (started, [.inGrace: 1]), 2: (later, [.scheduled: 1])])
        let configuration = MandateConfiguration(
            gracePeriodDays: 35, devices: .phishingResistant, exemptions: exemptions, rollout: rollout)
        return MandatePage.View(configuration: configuration, report: report, now: now, date: nil)
    }

    func cell(_ page: String, row id: String, _ column: String) -> String? {
        guard let start = page.range(of: "<tr id=\"row-\(id)\">"),
            let end = page.range(of: "</tr>", range: start.upperBound..<page.endIndex),
            let cell = page.range(of: "<td class=\"\(column)\">", range: start.upperBound..<end.lowerBound),
            let close = page.range(of: "</td>", range: cell.upperBound..<end.lowerBound)
        else { return nil }
        return String(page[cell.upperBound..<close.lowerBound])
    }

    @Test func everyAccountIsARowWithItsFactsAndEveryStringIsEscaped() {
        let page = MandatePage.render(view(), header: "", csrf: "t", messages: .init())
        #expect(!page.contains("<script>alert"))
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(page.contains("x&quot;@example.com"))
        #expect(!page.contains("<b>drill</b>"))
        #expect(page.contains("&lt;b&gt;drill&lt;/b&gt; &amp; co"))
        #expect(cell(page, row: "111111111111", "kind") == "MANAGEMENT")
        #expect(cell(page, row: "111111111111", "wave") == "1")
        #expect(cell(page, row: "111111111111", "wave-start")?.contains("2027-01-05 08:00</time>") == true)
        #expect(cell(page, row: "111111111111", "block-date")?.contains("2027-01-27 08:00</time>") == true)
        #expect(
            cell(page, row: "111111111111", "status-cell")
                == "<span class=\"status status-in-grace\">IN_GRACE</span> <span class=\"status-detail\">12 days left</span>"
        )
        #expect(cell(page, row: "111111111111", "devices") == "none")
        #expect(
            cell(page, row: "222222222222", "devices")
                == "1 authenticator app, 2 security keys<div class=\"facts phishing-resistant\">2 phishing-resistant</div>"
        )
        #expect(cell(page, row: "222222222222", "dry-run") == "yes")
        #expect(cell(page, row: "333333333333", "wave") == "—")
        #expect(cell(page, row: "444444444444", "status-cell")?.contains("member accounts are not in scope") == true)
        // By wave, then the accounts in none.
        let order = ["111111111111", "222222222222", "333333333333", "444444444444"].compactMap {
            page.range(of: "id=\"row-\($0)\"")?.lowerBound
        }
        #expect(order.count == 4 && order == order.sorted())
    }

    @Test func countsComeFirstThenTheConfigurationAndEachWave() throws {
        let page = MandatePage.render(view(), header: "", csrf: "t", messages: .init())
        let counts = try #require(page.range(of: "id=\"counts\""))
        let table = try #require(page.range(of: "id=\"report\""))
        #expect(counts.lowerBound < table.lowerBound)
        #expect(page.contains("id=\"count-TOTAL\"><span class=\"count-number\">4</span>"))
        #expect(page.contains("id=\"count-BLOCKED\"><span class=\"count-number\">0</span>"))
        #expect(page.contains("id=\"count-EXEMPT\"><span class=\"count-number\">1</span>"))
        #expect(page.contains("<dd id=\"kinds\">MANAGEMENT, STANDALONE</dd>"))
        #expect(page.contains("<dd id=\"grace-days\">35 days after the first prompt</dd>"))
        #expect(page.contains("(PHISHING_RESISTANT)"))
        #expect(page.contains("<dd id=\"wave-size\">at most 1 account</dd>"))
        #expect(page.contains("<dd id=\"dry-run\">wave 2 rehearses; the others enforce</dd>"))
        #expect(page.contains("<li id=\"phase-2\">STANDALONE from <time"))
        // Wave 1 has started: it cannot be skipped; wave 2 can.
        #expect(!page.contains("id=\"skip-wave-1\""))
        #expect(page.contains("id=\"skip-wave-2\""))
        #expect(page.contains("id=\"pause-button\"") && !page.contains("id=\"resume-button\""))
        #expect(page.contains("<input type=\"number\" name=\"wave\" id=\"move-wave\" required min=\"1\" max=\"2\">"))
        #expect(page.contains("<option value=\"111111111111\">&lt;script&gt;"))
    }

    @Test func aPausedRolloutSaysSoAndOffersToResume() {
        let page = MandatePage.render(view(paused: true), header: "", csrf: "t", messages: .init())
        #expect(page.contains("PAUSED</span> since"))
        #expect(page.contains("id=\"resume-button\"") && !page.contains("id=\"pause-button\""))
        #expect(page.contains("not until the rollout resumes"))
    }

    @Test func exemptionsShowTheirReasonAndExpiryWithARemoveButton() {
        let exemptions = [
            MandateExemption(
                account: AccountID("333333333333")!, reason: "<i>audit</i>", expires: now.addingTimeInterval(day),
                createdAt: now),
            MandateExemption(account: AccountID("222222222222")!, reason: "forever", expires: nil, createdAt: now),
        ]
        let page = MandatePage.render(view(exemptions: exemptions), header: "", csrf: "tok", messages: .init())
        #expect(page.contains("<td class=\"exemption-reason\">&lt;i&gt;audit&lt;/i&gt;</td>"))
        #expect(page.contains("<td class=\"exemption-expires\"><time datetime=\"2027-01-16T08:00:00Z\">"))
        #expect(page.contains("<td class=\"exemption-expires\">never</td>"))
        #expect(page.contains("id=\"unexempt-333333333333\""))
        #expect(page.contains("<input type=\"hidden\" name=\"csrf\" value=\"tok\">"))
        #expect(!MandatePage.render(view(), header: "", csrf: "t", messages: .init()).contains("id=\"exemptions\""))
    }

    @Test func withoutARolloutEveryoneInScopeIsSubjectNow() {
        var plain = view()
        plain.configuration.rollout = nil
        let page = MandatePage.render(plain, header: "", csrf: "t", messages: .init())
        #expect(page.contains("id=\"no-rollout\""))
        #expect(!page.contains("id=\"move-form\"") && !page.contains("id=\"pause-button\""))
        #expect(page.contains("id=\"plan-form\""))
    }

    @Test func otherAccountsAreToldOnlyTheOperatorAccountManagesTheMandate() {
        let page = MandatePage.notOperator(account: AccountID("222222222222")!, header: "")
        #expect(page.contains("Only the operator account manages the root-user MFA mandate"))
        #expect(!page.contains("id=\"report\"") && !page.contains("<form"))
    }

    @Test(arguments: ["2027-01-15", "2028-02-29"])
    func daysAreReadAsTheirFirstInstant(text: String) throws {
        let date = try Console.day(text, "The date")
        #expect(Timestamp.iso8601(date) == text + "T00:00:00Z")
    }

    @Test(arguments: ["2027-02-30", "2027-1-5", "15/01/2027", "2027-01-15T00:00:00Z", "", "2027-01-15<"])
    func anythingElseIsNotADay(text: String) {
        #expect(throws: AWSError.self) { try Console.day(text, "The date") }
    }

    @Test func thePlanFormGivesOneOrTwoPhases() throws {
        let one = try Console.phases(
            QueryInput(parameters: ["phase1-MANAGEMENT": "1", "phase1-STANDALONE": "1", "phase1-start": "2027-01-04"]))
        #expect(one.count == 1 && one[0].kinds == [.management, .standalone])
        let two = try Console.phases(
            QueryInput(parameters: [
                "phase1-MANAGEMENT": "1", "phase1-start": "2027-01-04", "phase2-MEMBER": "1",
                "phase2-start": "2027-03-01",
            ]))
        #expect(two.map(\.kinds) == [[.management], [.member]])
        #expect(throws: AWSError.self) { try Console.phases(QueryInput(parameters: ["phase1-start": "2027-01-04"])) }
        #expect(throws: AWSError.self) {
            try Console.phases(
                QueryInput(parameters: [
                    "phase1-MEMBER": "1", "phase1-start": "2027-01-04", "phase2-start": "2027-03-01",
                ]))
        }
    }

    @Test func theHeaderLinksToTheMandate() {
        let user = Principal(
            account: AccountID("111111111111")!, kind: .user, name: "ops", userId: "AIDAUSER",
            arn: "arn:aws:iam::111111111111:user/ops", session: nil, accessKeyId: "ASIAX")
        let header = ConsoleHeader.render(ConsoleIdentity(signedIn: user, switchedRole: nil, role: nil), csrf: "t")
        #expect(header.contains("<a href=\"/console/mandate\" id=\"nav-mandate\">MFA mandate</a>"))
    }
}

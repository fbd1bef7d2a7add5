import Foundation
import RampartCore
import RampartServices
import Testing

@testable import RampartConsole

/// The organization page and the header render what they are given, nested and escaped.
@Suite struct OrganizationPageTests {
    let management = AccountID("111111111111")!
    let member = AccountID("222222222222")!
    let joined = Date(timeIntervalSince1970: 1_800_000_000)

    func tree() -> OrganizationPage.Tree {
        let organization = Organization(
            id: "o-abcdefghij", featureSet: .all, managementAccount: management, managementEmail: "m@example.com",
            createDate: joined, root: OrganizationRoot(id: "r-ab12"))
        let workloads = OrganizationalUnit(
            id: "ou-ab12-11111111", name: "Workloads", parentId: "r-ab12", organizationId: organization.id,
            managementAccount: management)
        let production = OrganizationalUnit(
            id: "ou-ab12-22222222", name: "<Prod>", parentId: workloads.id, organizationId: organization.id,
            managementAccount: management)
        var owner = Account(id: management, createDate: joined, rootEmail: "m@example.com", rootPassword: nil)
        owner.membership = AccountMembership(
            organizationId: organization.id, parentId: "r-ab12", joinedMethod: .created, joinedTimestamp: joined)
        var guest = Account(id: member, createDate: joined, rootEmail: "x\"@example.com", rootPassword: nil)
        guest.name = "<script>alert(1)</script>"
        guest.membership = AccountMembership(
            organizationId: organization.id, parentId: production.id, joinedMethod: .invited, joinedTimestamp: joined)
        return OrganizationPage.Tree(
            organization: organization, units: [production, workloads], accounts: [guest, owner], requests: [])
    }

    @Test func theTreeNestsEscapesAndMarksTheManagementAccount() throws {
        let page = OrganizationPage.tree(tree(), header: "", csrf: "t", canSwitch: true, messages: .init())
        #expect(!page.contains("<script>alert"))
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(page.contains("x&quot;@example.com"))
        // Root > Workloads > <Prod> > the member, in that order and inside one another.
        let workloads = try #require(page.range(of: "id=\"unit-ou-ab12-11111111\""))
        let production = try #require(page.range(of: "id=\"unit-ou-ab12-22222222\""))
        let guest = try #require(page.range(of: "id=\"account-222222222222\""))
        #expect(workloads.lowerBound < production.lowerBound && production.lowerBound < guest.lowerBound)
        #expect(page.contains("&lt;Prod&gt;"))
        #expect(page.contains("(<span class=\"joined-method\">invited</span>)"))
        #expect(page.components(separatedBy: "id=\"management-badge\"").count == 2)
        #expect(
            page.contains("href=\"/console/switch-role?account=222222222222&amp;role=OrganizationAccountAccessRole\""))
        #expect(!page.contains("switch-role?account=111111111111"))
        #expect(page.contains(">Root / Workloads / &lt;Prod&gt;</option>"))
    }

    @Test func theRootUserGetsNoSwitchLinks() {
        let page = OrganizationPage.tree(tree(), header: "", csrf: "t", canSwitch: false, messages: .init())
        #expect(!page.contains("switch-role?account="))
        #expect(page.contains("id=\"switch-note\""))
    }

    @Test func theHeaderNamesTheRoleAndOffersToSwitchBack() {
        let user = Principal(
            account: management, kind: .user, name: "<b>", userId: "AIDAUSER",
            arn: "arn:aws:iam::111111111111:user/<b>",
            session: nil, accessKeyId: "ASIAX")
        let plain = ConsoleHeader.render(ConsoleIdentity(signedIn: user, switchedRole: nil, role: nil), csrf: "t")
        #expect(plain.contains(">&lt;b&gt; @ 111111111111</span>"))
        #expect(!plain.contains("switch-back"))
        let switched = ConsoleSession.SwitchedRole(
            account: member, roleName: "Admin", roleId: "AROAROLE", path: "/", roleSessionName: "<b>",
            issuedAt: joined, expiresAt: joined.addingTimeInterval(3600), mfaAuthenticatedAt: nil)
        let header = ConsoleHeader.render(
            ConsoleIdentity(signedIn: user, switchedRole: switched, role: nil), csrf: "t")
        #expect(header.contains("class=\"identity switched\" id=\"acting-as\">Admin @ 222222222222</span>"))
        #expect(header.contains("Switch back to &lt;b&gt; @ 111111111111"))
    }
}

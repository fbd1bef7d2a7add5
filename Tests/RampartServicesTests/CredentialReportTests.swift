import Foundation
import RampartCore
import Testing

@testable import RampartServices
@testable import RampartStore

/// The credential report's CSV, built from a snapshot: AWS's 22 columns in AWS's order, the root
/// user's line first, and each value spelled as AWS's reports spell it.
struct CredentialReportTests {
    let id = AccountID("123456789012")!
    let created = Date(timeIntervalSince1970: 1_700_000_000)  // 2023-11-14T22:13:20Z
    let hash = PasswordHash(algorithm: "test", parameters: [:], salt: [1], hash: [2])

    static let header =
        "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
        + "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
        + "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
        + "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,"
        + "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,"
        + "cert_2_active,cert_2_last_rotated"

    func account(rootPassword: Bool = true, maxPasswordAge: Int? = nil) -> Account {
        var account = Account(id: id, createDate: created, rootEmail: "root@example.com", rootPassword: nil)
        if rootPassword { account.rootPassword = hash }
        if let maxPasswordAge {
            var policy = PasswordPolicy()
            policy.maxPasswordAge = maxPasswordAge
            account.passwordPolicy = policy
        }
        return account
    }

    func user(_ name: String, at offset: TimeInterval = 0, password: Date? = nil, path: String = "/") -> User {
        var user = User(account: id, name: name, id: "AIDA\(name.uppercased())", path: path, createDate: at(offset))
        if let password {
            var profile = LoginProfile(password: hash, createDate: password, passwordResetRequired: false)
            profile.passwordLastChanged = password
            user.loginProfile = profile
        }
        return user
    }

    func key(_ id: String, of userName: String?, at offset: TimeInterval, active: Bool = true) -> AccessKey {
        AccessKey(
            id: id, account: self.id, userName: userName, status: active ? .active : .inactive, sealedSecret: [],
            createDate: at(offset))
    }

    func device(_ serial: String, assignedTo owner: String?) -> MFADevice {
        var device = MFADevice(account: id, kind: .virtual, serialNumber: serial, sealedSeed: [], createDate: created)
        device.assignment = .init(userName: owner, enableDate: created)
        return device
    }

    func at(_ offset: TimeInterval) -> Date { created.addingTimeInterval(offset) }

    func lines(_ account: Account, _ records: [any Record]) -> [String] {
        var snapshot = StoreSnapshot()
        snapshot.put(account)
        for record in records { snapshot.put(record) }
        let report = CredentialReport(of: account, in: snapshot, at: at(86_400))
        #expect(report.generatedTime == at(86_400))
        #expect(!report.content.hasSuffix("\n"))
        return report.content.components(separatedBy: "\n")
    }

    @Test func headerIsAWSsTwentyTwoColumnsInOrder() {
        #expect(CredentialReportRow.header.count == 22)
        #expect(lines(account(), [])[0] == Self.header)
    }

    @Test func rootLineWithoutCredentials() {
        let root = lines(account(), [])[1]
        #expect(
            root == "<root_account>,arn:aws:iam::123456789012:root,2023-11-14T22:13:20+00:00,not_supported,"
                + "no_information,not_supported,not_supported,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,"
                + "false,N/A,false,N/A")
    }

    @Test func rootLineWithMFAAndAKey() {
        var used = key("AKIAROOT1", of: nil, at: 60)
        used.lastUsedDate = at(120)
        used.lastUsedRegion = "us-east-1"
        used.lastUsedService = "sts"
        let root = lines(
            account(rootPassword: false), [used, device("arn:aws:iam::123456789012:mfa/root", assignedTo: nil)])[1]
        #expect(
            root == "<root_account>,arn:aws:iam::123456789012:root,2023-11-14T22:13:20+00:00,not_supported,N/A,"
                + "not_supported,not_supported,true,true,2023-11-14T22:14:20+00:00,2023-11-14T22:15:20+00:00,"
                + "us-east-1,sts,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A")
    }

    @Test func userWithPasswordMFAAndTwoKeysOneUsed() {
        var alice = user("alice", at: 10, password: at(20))
        alice.passwordLastUsed = at(30)
        // Stored newest first: the slots still follow creation order.
        let second = key("AKIASECOND", of: "alice", at: 50)
        var first = key("AKIAFIRST", of: "alice", at: 40)
        first.lastUsedDate = at(45)
        first.lastUsedRegion = "eu-west-1"
        first.lastUsedService = "iam"
        let line = lines(
            account(maxPasswordAge: 90),
            [alice, second, first, device("arn:aws:iam::123456789012:mfa/alice", assignedTo: "alice")])[2]
        #expect(
            line == "alice,arn:aws:iam::123456789012:user/alice,2023-11-14T22:13:30+00:00,true,"
                + "2023-11-14T22:13:50+00:00,2023-11-14T22:13:40+00:00,2024-02-12T22:13:40+00:00,true,"
                + "true,2023-11-14T22:14:00+00:00,2023-11-14T22:14:05+00:00,eu-west-1,iam,"
                + "true,2023-11-14T22:14:10+00:00,N/A,N/A,N/A,false,N/A,false,N/A")
    }

    @Test func userWithoutPasswordOrKeys() {
        let line = lines(account(maxPasswordAge: 90), [user("bob")])[2]
        #expect(
            line == "bob,arn:aws:iam::123456789012:user/bob,2023-11-14T22:13:20+00:00,false,N/A,N/A,N/A,false,"
                + "false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A")
    }

    @Test func neverUsedPasswordWithoutExpiryAndAnInactiveKey() {
        let line = lines(
            account(), [user("carol", password: at(5)), key("AKIAOFF", of: "carol", at: 7, active: false)])[2]
        #expect(
            line == "carol,arn:aws:iam::123456789012:user/carol,2023-11-14T22:13:20+00:00,true,no_information,"
                + "2023-11-14T22:13:25+00:00,N/A,false,false,2023-11-14T22:13:27+00:00,N/A,N/A,N/A,"
                + "false,N/A,N/A,N/A,N/A,false,N/A,false,N/A")
    }

    @Test func securityKeyCountsAsMFA() {
        let passkey = WebAuthnCredential(
            account: id, userName: "dave", label: "key", credentialId: "cred", publicKey: [], algorithm: -7,
            signCount: 0, backupEligible: false, backedUp: false, userVerified: true, attestation: "none",
            aaguid: [], createDate: created)
        let fields = lines(account(), [user("dave"), passkey])[2].split(separator: ",")
        #expect(fields[7] == "true")
    }

    @Test func usersByNameIgnoringCaseAfterRoot() {
        let names = lines(account(), [user("bob", at: 1), user("Alice", at: 3), user("carol", at: 2)])
            .dropFirst().map { String($0.prefix { $0 != "," }) }
        #expect(names == ["<root_account>", "Alice", "bob", "carol"])
    }

    @Test func otherAccountsAreLeftOut() {
        let stranger = User(
            account: AccountID("999999999999")!, name: "zed", id: "AIDAZED", path: "/", createDate: created)
        #expect(lines(account(), [stranger]).count == 2)
    }

    @Test func valuesWithCommasOrQuotesAreQuoted() {
        let line = lines(account(), [user("a,b", path: "/x\"y/")])[2]
        #expect(line.hasPrefix(#""a,b","arn:aws:iam::123456789012:user/x""y/a,b",2023-11-14T22:13:20+00:00,"#))
    }
}

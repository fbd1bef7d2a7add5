import Foundation
import RampartCore
import Testing

/// ARNs are named in the partition of the account a resource belongs to, and parsed in any partition.
struct ARNTests {
    let account = AccountID("123456789012")!

    @Test(arguments: [Partition.commercial, .govCloud, .china])
    func everyBuilderNamesItsPartition(_ partition: Partition) {
        let p = partition.rawValue
        #expect(
            ARN.iam(partition, account: "123456789012", "user/ops/alice") == "arn:\(p):iam::123456789012:user/ops/alice"
        )
        #expect(
            ARN.sts(partition, account: "123456789012", "assumed-role/R/s")
                == "arn:\(p):sts::123456789012:assumed-role/R/s")
        #expect(ARN.root(partition, account) == "arn:\(p):iam::123456789012:root")
        #expect(
            ARN.organizations(partition, account: "123456789012", "organization/o-abc")
                == "arn:\(p):organizations::123456789012:organization/o-abc")
    }

    @Test func entitiesAreNamedInTheGivenPartition() {
        let now = Date(timeIntervalSince1970: 0)
        let user = User(account: account, name: "alice", id: "AIDAEXAMPLE", path: "/ops/", createDate: now)
        #expect(user.arn(in: .commercial) == "arn:aws:iam::123456789012:user/ops/alice")
        #expect(user.arn(in: .govCloud) == "arn:aws-us-gov:iam::123456789012:user/ops/alice")
        #expect(user.arn(in: .china) == "arn:aws-cn:iam::123456789012:user/ops/alice")
        let role = Role(
            account: account, name: "Deploy", id: "AROAEXAMPLE", path: "/", createDate: now,
            assumeRolePolicyDocument: "{}", maxSessionDuration: 3600)
        #expect(role.arn(in: .govCloud) == "arn:aws-us-gov:iam::123456789012:role/Deploy")
        let group = Group(account: account, name: "Admins", id: "AGPAEXAMPLE", path: "/", createDate: now)
        #expect(group.arn(in: .china) == "arn:aws-cn:iam::123456789012:group/Admins")
        let customer = ManagedPolicy(
            account: account, name: "Mine", id: "ANPAEXAMPLE", path: "/", description: nil, createDate: now,
            document: "{}")
        #expect(customer.arn(in: .govCloud) == "arn:aws-us-gov:iam::123456789012:policy/Mine")
        let managed = ManagedPolicy(
            account: nil, name: "AdministratorAccess", id: "ANPAEXAMPLE", path: "/", description: nil,
            createDate: now, document: "{}")
        #expect(managed.arn(in: .commercial) == "arn:aws:iam::aws:policy/AdministratorAccess")
        #expect(managed.arn(in: .govCloud) == "arn:aws-us-gov:iam::aws:policy/AdministratorAccess")
    }

    @Test func rootAndSessionsTakeTheirAccountsPartition() {
        var gov = Account(id: account, createDate: Date(), rootEmail: "gov@example.com", rootPassword: nil)
        #expect(gov.rootArn == "arn:aws:iam::123456789012:root")
        gov.partition = .govCloud
        #expect(gov.rootArn == "arn:aws-us-gov:iam::123456789012:root")
        let session = TemporarySession(
            source: .assumeRole, accessKeyId: "ASIAEXAMPLE", secretAccessKey: "s", account: account,
            kind: .assumedRole, name: "Deploy", path: "/", principalId: "AROAEXAMPLE", roleSessionName: "s1",
            issuedAt: Date(), expiresAt: Date())
        let principal = session.principal(in: .govCloud)
        #expect(principal.arn == "arn:aws-us-gov:sts::123456789012:assumed-role/Deploy/s1")
        #expect(principal.partition == .govCloud)
        #expect(session.principal(in: .commercial).arn == "arn:aws:sts::123456789012:assumed-role/Deploy/s1")
    }

    @Test func anAWSManagedDocumentIsNamedInThePartitionItIsReadIn() {
        let document = #"{"Statement":[{"Resource":["arn:aws:iam::*:user/${aws:username}"]}]}"#
        let managed = ManagedPolicy(
            account: nil, name: "IAMUserChangePassword", id: "ANPA1", path: "/", description: nil,
            createDate: Date(), document: document)
        let version = managed.versions[0]
        #expect(managed.document(of: version, in: .commercial) == document)
        #expect(managed.document(of: version, in: .govCloud).contains(#""arn:aws-us-gov:iam::*:user/"#))
        // A customer's own words are never rewritten.
        let customer = ManagedPolicy(
            account: account, name: "Mine", id: "ANPA2", path: "/", description: nil, createDate: Date(),
            document: document)
        #expect(customer.document(of: customer.versions[0], in: .govCloud) == document)
    }

    @Test(arguments: ["aws", "aws-us-gov", "aws-cn"])
    func clientARNsParseInEveryPartition(_ partition: String) throws {
        let arn = try #require(ARN(parsing: "arn:\(partition):iam::123456789012:policy/path/Name"))
        #expect(arn.partition == Partition(rawValue: partition))
        #expect(arn.account == "123456789012" && arn.resource == "policy/path/Name")
        #expect(arn.description == "arn:\(partition):iam::123456789012:policy/path/Name")
    }

    @Test func partitionsFollowRegionNames() {
        #expect(Partition.of(region: "us-gov-west-1") == .govCloud)
        #expect(Partition.of(region: "cn-north-1") == .china)
        #expect(Partition.of(region: "eu-west-3") == .commercial)
        #expect(!Partition.govCloud.hasRootUsers && !Partition.china.hasRootUsers && Partition.commercial.hasRootUsers)
    }

    @Test func aStoredPartitionKeepsItsJSON() throws {
        var account = Account(
            id: account, createDate: Date(timeIntervalSince1970: 0), rootEmail: "a@b", rootPassword: nil)
        account.partition = .govCloud
        let json = String(decoding: try JSONEncoder().encode(account), as: UTF8.self)
        #expect(json.contains(#""partition":"aws-us-gov""#))
        #expect(try JSONDecoder().decode(Account.self, from: Data(json.utf8)).partition == .govCloud)
    }
}

import Foundation
import RampartCore
import Testing

@testable import RampartServices

/// The Organizations access report's computation: SCP levels and per-account attempts in, the allowed
/// services out, each with the latest attempt of any covered account; and the report's sort keys.
struct OrganizationsAccessReportTests {
    let member = AccountID("111111111111")!
    let other = AccountID("222222222222")!
    let start = Date(timeIntervalSince1970: 1_700_000_000)

    var accounts: [OrganizationsAccessSubject.CoveredAccount] {
        [
            .init(id: member, path: "o-abcdefghij/r-abcd/ou-abcd-11111111/111111111111"),
            .init(id: other, path: "o-abcdefghij/r-abcd/222222222222"),
        ]
    }

    func grant(_ actions: String...) -> PolicyGrant {
        let list = actions.map { "\"\($0)\"" }.joined(separator: ",")
        return PolicyGrant(
            json: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[\#(list)],"Resource":"*"}]}"#)
    }

    @Test func everyLevelMustAllowAService() {
        let levels = [[grant("*")], [grant("iam:*", "sts:*")], [grant("iam:List*"), grant("s3:GetObject")]]
        let services = OrganizationsAccessReport.services(policyLevels: levels, accounts: accounts, attempts: [:])
        #expect(services.map(\.namespace) == ["iam"])
        #expect(services[0].totalAuthenticatedEntities == 0 && services[0].lastAuthenticated == nil)
    }

    @Test func anEmptyLevelAllowsNothing() {
        let services = OrganizationsAccessReport.services(
            policyLevels: [[grant("*")], []], accounts: accounts, attempts: [:])
        #expect(services.isEmpty)
    }

    @Test func noLevelsMeansEveryServedService() {
        let services = OrganizationsAccessReport.services(policyLevels: nil, accounts: accounts, attempts: [:])
        #expect(services.map(\.namespace) == ServiceCatalog.served.sorted())
    }

    @Test func theLatestAttemptNamesItsAccountAndEveryAttemptingAccountCounts() {
        let attempts: [AccountID: [String: OrganizationsAccessScan.Attempt]] = [
            member: ["iam": .init(time: start, region: "us-east-1")],
            other: ["iam": .init(time: start.addingTimeInterval(60), region: "eu-west-1")],
        ]
        let iam = OrganizationsAccessReport.services(
            policyLevels: [[grant("iam:*")]], accounts: accounts, attempts: attempts)
        #expect(iam.count == 1)
        #expect(iam[0].totalAuthenticatedEntities == 2)
        #expect(iam[0].region == "eu-west-1")
        #expect(iam[0].entityPath == "o-abcdefghij/r-abcd/222222222222")
        #expect(iam[0].lastAuthenticated == start.addingTimeInterval(60))
    }

    @Test func attemptsOfAccountsOutsideTheReportDoNotCount() {
        let attempts: [AccountID: [String: OrganizationsAccessScan.Attempt]] = [
            AccountID("333333333333")!: ["iam": .init(time: start, region: "us-east-1")]
        ]
        let iam = OrganizationsAccessReport.services(
            policyLevels: [[grant("iam:*")]], accounts: accounts, attempts: attempts)
        #expect(iam[0].totalAuthenticatedEntities == 0 && iam[0].entityPath == nil)
    }

    @Test func sortKeys() {
        func service(_ namespace: String, _ offset: TimeInterval?) -> OrganizationsAccessReportJob.ServiceAccess {
            .init(
                namespace: namespace, name: namespace, region: nil, entityPath: nil,
                lastAuthenticated: offset.map { start.addingTimeInterval($0) }, totalAuthenticatedEntities: 0)
        }
        let services = [service("sts", 10), service("iam", 20), service("config", nil), service("cloudtrail", nil)]
        let order = { (key: String?) in OrganizationsAccessReport.sorted(services, by: key).map(\.namespace) }
        #expect(order(nil) == ["cloudtrail", "config", "iam", "sts"])
        #expect(order("SERVICE_NAMESPACE_ASCENDING") == ["cloudtrail", "config", "iam", "sts"])
        #expect(order("SERVICE_NAMESPACE_DESCENDING") == ["sts", "iam", "config", "cloudtrail"])
        #expect(order("LAST_AUTHENTICATED_TIME_DESCENDING") == ["iam", "sts", "cloudtrail", "config"])
        #expect(order("LAST_AUTHENTICATED_TIME_ASCENDING") == ["cloudtrail", "config", "sts", "iam"])
    }
}

import Foundation
import RampartCore
import RampartPolicy
import Testing

@testable import RampartServices

/// The access advisor's computation: trail events and permissions policies in, the services the
/// policies allow out, each with the last attempt by a covered user or role. The events are built by
/// the same code that builds the trail's records, so the parse of their bodies is tested too.
struct ServiceLastAccessedReportTests {
    let account = AccountID("123456789012")!
    let start = Date(timeIntervalSince1970: 1_700_000_000)

    var alice: ServiceLastAccessedJob.EntityAccess {
        .init(
            arn: "arn:aws:iam::123456789012:user/alice", name: "alice", type: .user, id: "AIDAALICE", path: "/",
            lastAuthenticated: nil)
    }
    var bob: ServiceLastAccessedJob.EntityAccess {
        .init(
            arn: "arn:aws:iam::123456789012:user/bob", name: "bob", type: .user, id: "AIDABOB", path: "/",
            lastAuthenticated: nil)
    }
    var deployer: ServiceLastAccessedJob.EntityAccess {
        .init(
            arn: "arn:aws:iam::123456789012:role/ci/deployer", name: "deployer", type: .role, id: "AROADEPLOYER",
            path: "/ci/", lastAuthenticated: nil)
    }

    func user(_ name: String) -> Principal {
        Principal(
            account: account, kind: .user, name: name, userId: "AIDA\(name.uppercased())",
            arn: "arn:aws:iam::123456789012:user/\(name)", session: nil, accessKeyId: "AKIA\(name.uppercased())")
    }

    var deployerSession: Principal {
        TemporarySession(
            source: .assumeRole, accessKeyId: "ASIADEPLOYER", secretAccessKey: "", account: account,
            kind: .assumedRole, name: "deployer", path: "/ci/", principalId: "AROADEPLOYER:build-7",
            roleSessionName: "build-7", issuedAt: start, expiresAt: start.addingTimeInterval(3600)
        ).principal(in: .commercial)
    }

    func event(
        _ principal: Principal, _ service: String, _ action: String, at offset: TimeInterval,
        region: String = "us-east-1", error: AWSError? = nil
    ) -> TrailEvent {
        APICall(
            principal: principal, service: service, action: action, region: region, sourceIp: "192.0.2.1",
            userAgent: "test", requestId: "r", time: start.addingTimeInterval(offset), requestParameters: .null,
            organization: nil
        ).record(eventId: UUID().uuidString, error: error, responseElements: nil).trailEvent
    }

    func grant(_ actions: String, not: Bool = false) -> PolicyGrant {
        let key = not ? "NotAction" : "Action"
        let json = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","\#(key)":\#(actions),"Resource":"*"}]}"#
        return PolicyGrant(json: json)
    }

    func report(
        _ policies: [PolicyGrant], _ entities: [ServiceLastAccessedJob.EntityAccess], _ events: [TrailEvent],
        _ granularity: ServiceLastAccessedJob.Granularity = .serviceLevel
    ) -> [String: ServiceLastAccessedJob.ServiceAccess] {
        let services = ServiceLastAccessedReport.services(
            policies: policies, entities: entities, attempts: events.compactMap(ServiceAccessAttempt.init),
            granularity: granularity)
        return Dictionary(uniqueKeysWithValues: services.map { ($0.namespace, $0) })
    }

    @Test func anAttemptIsReadFromTheRecordOfAUserCall() {
        let attempt = ServiceAccessAttempt(event(user("alice"), "iam", "GetUser", at: 5, region: "eu-west-1"))
        #expect(
            attempt
                == ServiceAccessAttempt(
                    entityArn: alice.arn, namespace: "iam", action: "GetUser", region: "eu-west-1",
                    time: start.addingTimeInterval(5)))
    }

    @Test func aRoleSessionCountsForTheRole() {
        let attempt = ServiceAccessAttempt(event(deployerSession, "sts", "GetCallerIdentity", at: 1))
        #expect(attempt?.entityArn == deployer.arn)
    }

    @Test func servicesAreThoseThePoliciesAllow() {
        let services = report([grant(#"["iam:Get*","sts:GetCallerIdentity","s3:GetObject"]"#)], [alice], [])
        #expect(Set(services.keys) == ["iam", "sts", "s3"])
        #expect(services["s3"]?.name == "Amazon S3")
        #expect(services["iam"]?.name == "AWS Identity and Access Management")
        #expect(services["iam"]?.last == nil)
        #expect(services["iam"]?.totalEntities == 0)
    }

    @Test func everyActionListsTheServedServices() {
        #expect(Set(report([grant(#""*""#)], [alice], []).keys) == Set(ServiceCatalog.served))
    }

    @Test func notActionAllowsTheServicesItDoesNotCover() {
        let services = report([grant(#"["iam:*","organizations:*"]"#, not: true)], [alice], [])
        #expect(Set(services.keys) == ["cloudtrail", "config", "sts"])
        let partly = report([grant(#"["iam:DeleteUser"]"#, not: true)], [alice], [])
        #expect(partly["iam"] != nil)
    }

    @Test func denyStatementsAndOtherEffectsAreNotWeighed() {
        let json = #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"sts:*","Resource":"*"}]}"#
        #expect(report([PolicyGrant(json: json)], [alice], []).isEmpty)
    }

    @Test func theLatestAttemptByACoveredEntityIsReported() {
        let events = [
            event(user("alice"), "iam", "ListUsers", at: 10, region: "us-west-2"),
            event(user("alice"), "iam", "GetUser", at: 20, region: "eu-west-1"),
            event(user("mallory"), "iam", "GetUser", at: 30),
            event(user("alice"), "sts", "GetCallerIdentity", at: 5),
        ]
        let services = report([grant(#""iam:*""#)], [alice], events)
        #expect(
            services["iam"]?.last
                == .init(time: start.addingTimeInterval(20), entityArn: alice.arn, region: "eu-west-1"))
        #expect(services["iam"]?.totalEntities == 1)
        #expect(services["sts"] == nil)
    }

    @Test func refusedCallsAreAttempts() {
        let denied = event(
            user("alice"), "iam", "DeleteRole", at: 40,
            error: AWSError(code: "AccessDenied", message: "", httpStatus: 403))
        let services = report([grant(#""iam:*""#)], [alice], [denied])
        #expect(services["iam"]?.last?.time == start.addingTimeInterval(40))
    }

    @Test func aGroupReportNamesTheMemberThatLastAttempted() {
        let events = [
            event(user("alice"), "iam", "GetUser", at: 10),
            event(user("bob"), "iam", "ListUsers", at: 50, region: "ap-south-1"),
        ]
        let iam = report([grant(#""iam:*""#)], [alice, bob], events)["iam"]
        #expect(iam?.last?.entityArn == bob.arn)
        #expect(iam?.last?.region == "ap-south-1")
        #expect(iam?.totalEntities == 2)
        #expect(iam?.entities.map(\.name) == ["bob", "alice"])
        #expect(iam?.entities.first?.lastAuthenticated == start.addingTimeInterval(50))
    }

    /// Then by ARN, so roles come before users.
    @Test func entitiesThatNeverAttemptedAreListedLast() {
        let iam = report([grant(#""iam:*""#)], [alice, bob, deployer], [event(user("bob"), "iam", "GetUser", at: 1)])[
            "iam"]
        #expect(iam?.entities.map(\.name) == ["bob", "deployer", "alice"])
        #expect(iam?.entities.last?.lastAuthenticated == nil)
    }

    @Test func actionLevelListsTheAllowedIAMActionsWithTheirLastAttempt() {
        let events = [
            event(user("alice"), "iam", "GetUser", at: 10),
            event(user("alice"), "iam", "GetUser", at: 30, region: "eu-central-1"),
            event(user("alice"), "iam", "ListUsers", at: 20),
        ]
        let iam = report([grant(#"["iam:Get*","iam:ListUsers"]"#)], [alice], events, .actionLevel)["iam"]
        let actions = Dictionary(uniqueKeysWithValues: (iam?.trackedActions ?? []).map { ($0.name, $0.last) })
        #expect(actions["GetUser"]??.time == start.addingTimeInterval(30))
        #expect(actions["GetUser"]??.region == "eu-central-1")
        #expect(actions["ListUsers"]??.time == start.addingTimeInterval(20))
        #expect(actions.keys.contains("GetRole"))
        #expect(actions["GetRole"] == .some(nil))
        #expect(!actions.keys.contains("DeleteUser"))
        #expect(!actions.keys.contains("ListRoles"))
    }

    @Test func serviceLevelHasNoTrackedActions() {
        #expect(report([grant(#""iam:*""#)], [alice], [])["iam"]?.trackedActions == nil)
    }

    @Test func actionGlobsCompareWithoutCaseAndWildcards() {
        #expect(ActionGlob("IAM:get*").matches(namespace: "iam", action: "GetUser"))
        #expect(ActionGlob("iam:?etUser").matches(namespace: "iam", action: "GetUser"))
        #expect(!ActionGlob("iam:Get*").matches(namespace: "iam", action: "ListUsers"))
        #expect(ActionGlob("*").covers(namespace: "sts"))
        #expect(ActionGlob("s*:*").touches(namespace: "sts"))
        #expect(!ActionGlob("s*:*").touches(namespace: "iam"))
        #expect(ActionGlob("iam:*User*").matches(namespace: "iam", action: "ListUserTags"))
    }

    /// The scan parses each candidate event's body; measured here so the cost per event is known.
    @Test func parsingAnEventCostsMicroseconds() {
        let events = (0..<2_000).map { event(user("alice"), "iam", "GetUser", at: TimeInterval($0)) }
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            #expect(events.compactMap(ServiceAccessAttempt.init).count == events.count)
        }
        let micros = Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6
        print("ServiceAccessAttempt parse: \(micros / Double(events.count)) µs per event")
    }
}

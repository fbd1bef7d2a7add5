import Foundation
import RampartCore
import RampartStore
import Testing

@testable import RampartServices

/// Handshakes over time: invitations expire after 15 days, an organization sends at most 20 a day,
/// and a consolidated-billing organization moves to all features only once every invited member
/// approved.
struct OrganizationsHandshakeTests {
    let management = AccountID("111111111111")!
    let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_000))

    func call(_ account: AccountID) -> CallContext {
        CallContext(
            principal: Principal(
                account: account, kind: .root, name: "root", userId: account.rawValue,
                arn: "arn:aws:iam::\(account.rawValue):root", session: nil, accessKeyId: "AKIAROOT"),
            requestId: "r", now: clock.now, sourceIp: "127.0.0.1")
    }

    func setUp(featureSet: Organization.FeatureSet = .all) async throws -> (ServiceEnvironment, OrganizationsService) {
        let environment = try await ServiceEnvironment.temporary(clock: clock, account: management)
        let service = OrganizationsService(environment: environment)
        _ = try await service.createOrganization(featureSet: featureSet, call(management))
        return (environment, service)
    }

    func standalone(_ environment: ServiceEnvironment, _ index: Int) async throws -> AccountID {
        let id = AccountID(String(format: "2000000000%02d", index))!
        let account = Account(id: id, createDate: clock.now, rootEmail: "s\(index)@example.com", rootPassword: nil)
        try await environment.store.write { tx in tx.put(account) }
        return id
    }

    @Test func invitationsExpireAfterFifteenDays() async throws {
        let (environment, service) = try await setUp()
        let invited = try await standalone(environment, 1)
        let handshake = try await service.inviteAccount(
            HandshakeTarget(type: "ACCOUNT", id: invited.rawValue), notes: nil, tags: [], call(management))
        clock.advance(15 * 86_400 - 1)
        #expect(try service.describeHandshake(handshake.id, call(invited)).state == .open)
        clock.advance(2)
        #expect(try service.describeHandshake(handshake.id, call(invited)).state == .expired)
        await #expect(throws: OrganizationsErrors.invalidHandshakeTransition) {
            _ = try await service.acceptHandshake(handshake.id, call(invited))
        }
        // An expired invitation no longer blocks a new one.
        _ = try await service.inviteAccount(
            HandshakeTarget(type: "ACCOUNT", id: invited.rawValue), notes: nil, tags: [], call(management))
    }

    @Test func twentyInvitationsADay() async throws {
        let (environment, service) = try await setUp()
        for index in 0..<20 {
            let invited = try await standalone(environment, index)
            _ = try await service.inviteAccount(
                HandshakeTarget(type: "ACCOUNT", id: invited.rawValue), notes: nil, tags: [], call(management))
        }
        let twentyFirst = try await standalone(environment, 20)
        do {
            _ = try await service.inviteAccount(
                HandshakeTarget(type: "ACCOUNT", id: twentyFirst.rawValue), notes: nil, tags: [], call(management))
            Issue.record("a 21st invitation in a day must be refused")
        } catch let error as AWSError {
            #expect(error.code == "HandshakeConstraintViolationException")
            #expect(error.fields["Reason"] == "HANDSHAKE_RATE_LIMIT_EXCEEDED")
        }
        clock.advance(86_400)
        _ = try await service.inviteAccount(
            HandshakeTarget(type: "ACCOUNT", id: twentyFirst.rawValue), notes: nil, tags: [], call(management))
    }

    @Test func allFeaturesOnceEveryInvitedMemberApproved() async throws {
        let (environment, service) = try await setUp(featureSet: .consolidatedBilling)
        let member = try await standalone(environment, 1)
        let invitation = try await service.inviteAccount(
            HandshakeTarget(type: "ACCOUNT", id: member.rawValue), notes: nil, tags: [], call(management))
        _ = try await service.acceptHandshake(invitation.id, call(member))
        await #expect(throws: AWSError.self) {
            _ = try await service.enablePolicyType(
                rootId: try service.describeOrganization(call(management)).root.id, type: .serviceControl,
                call(management))
        }
        let parent = try await service.enableAllFeatures(call(management))
        await #expect(throws: AWSError.self) { _ = try await service.acceptHandshake(parent.id, call(management)) }
        let (approvals, _) = try service.listHandshakesForAccount(
            action: "APPROVE_ALL_FEATURES", parentId: parent.id, nextToken: nil, maxResults: nil, call(member))
        #expect(approvals.count == 1)
        _ = try await service.acceptHandshake(approvals[0].id, call(member))
        _ = try await service.acceptHandshake(parent.id, call(management))
        #expect(try service.describeOrganization(call(management)).featureSet == .all)
    }
}

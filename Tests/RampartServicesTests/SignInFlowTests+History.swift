import Foundation
import RampartCore
import RampartStore
import Testing

@testable import RampartServices

extension SignInFlowTests {
    func history(of principal: Principal) async throws -> SignInHistory.Recent {
        try await SignInHistory(environment: environment).recent(
            of: principal, from: clock.now.addingTimeInterval(-86_400), to: clock.now)
    }

    /// A user's recent sign-ins: newest first, the failed one with its reason, the one with a code
    /// naming the device; the device's serial is in the ConsoleLogin record as AWS writes it.
    @Test func recentSignInsTellTheFactorTheAddressAndTheOutcome() async throws {
        try await user("dora")
        let totp = try await device(for: "dora")
        _ = try await signIn("dora", "wrong")
        clock.advance(30)
        guard case .secondFactor(let flow) = try await signIn("dora") else { Issue.record("no second step"); return }
        guard
            case .signedIn(let session, _) = try await service.verifyCode(
                flow: flow, code: totp.code(atStep: totp.step(at: clock.now)), sourceIp: "198.51.100.7",
                requestId: "r")
        else { Issue.record("no session"); return }
        let principal = try #require(service.principal(forSession: session))
        let recent = try await history(of: principal)
        #expect(recent.searchedAll)
        #expect(recent.entries.map(\.succeeded) == [true, false])
        let last = try #require(recent.entries.first)
        #expect(last.mfaUsed && last.mfaIdentifier == "arn:aws:iam::123456789012:mfa/dora-app")
        #expect(last.sourceIp == "198.51.100.7" && last.time == clock.now)
        #expect(recent.entries[1].failureReason == "Failed authentication" && !recent.entries[1].mfaUsed)
        #expect(recent.entries[1].sourceIp == ip)
    }

    /// The root user's sign-ins are not those of an IAM user named `root`, and a user created under a
    /// deleted user's name starts with none.
    @Test func recentSignInsBelongToThePrincipalNotToItsName() async throws {
        try await user("root")
        guard case .signedIn(let first, _) = try await signIn("root") else { Issue.record("no session"); return }
        let named = try #require(service.principal(forSession: first))
        #expect(try await history(of: named).entries.count == 1)
        #expect(try await history(of: .rootUser(of: account)).entries.isEmpty)
        try await deleteUser("root")
        try await user("root")
        guard case .signedIn(let second, _) = try await signIn("root") else { Issue.record("no session"); return }
        let successor = try #require(service.principal(forSession: second))
        #expect(try await history(of: successor).entries.count == 1)
    }

    /// A search reads a bounded number of events: a sign-in behind more API calls than that is not
    /// found, and the answer says the search stopped short.
    @Test func recentSignInsStopAtTheBound() async throws {
        try await user("erin")
        guard case .signedIn(let session, _) = try await signIn("erin") else { Issue.record("no session"); return }
        let principal = try #require(service.principal(forSession: session))
        let calls = SignInHistory.pageSize * SignInHistory.pageBound
        try await environment.store.write { tx in
            for index in 0..<calls {
                tx.record(
                    TrailEvent(
                        account: account, organization: nil, time: clock.now.addingTimeInterval(1),
                        eventId: "e\(index)",
                        eventName: "GetUser", eventSource: "iam.amazonaws.com", username: "erin", accessKeyId: "AKIA",
                        readOnly: true, resources: [], body: "{}"))
            }
        }
        clock.advance(2)
        let recent = try await history(of: principal)
        #expect(recent.entries.isEmpty && !recent.searchedAll)
    }
}

import Foundation
import RampartCore
import RampartStore
import Testing

@testable import RampartServices

extension SignInFlowTests {
    /// Under a mandate that accepts only security keys and passkeys, a root user with an authenticator
    /// app is still sent to set one up, and its enrollment session stays limited until it has.
    @Test func phishingResistantOnlyKeepsTheRootEnrolling() async throws {
        try await environment.store.write { tx in tx.put(MandateConfiguration(devices: .phishingResistant)) }
        _ = try await device(for: nil)
        let attempt = SignInAttempt(identity: .root(email: rootEmail), password: password)
        guard case .enroll(let flow) = try await service.signIn(attempt, sourceIp: ip, requestId: "r") else {
            Issue.record("a root with only an authenticator app was not asked for a security key"); return
        }
        guard
            case .signedIn(let session, _) = try await service.beginEnrollment(flow: flow, sourceIp: ip, requestId: "r")
        else { Issue.record("no enrollment session"); return }
        #expect(service.mustEnroll(session: session))
        // With any device allowed, the app satisfies the mandate and the enrollment is over.
        try await environment.store.write { tx in tx.put(MandateConfiguration(devices: .any)) }
        #expect(!service.mustEnroll(session: session))
    }

    /// In a dry-run wave a root without a device signs in unprompted, and the would-be prompt is recorded.
    @Test func aDryRunPromptsNoOneAndRecordsWhatWouldHappen() async throws {
        var configuration = MandateConfiguration()
        var rollout = Rollout(
            phases: [Rollout.Phase(kinds: [.standalone], start: clock.now.addingTimeInterval(-60))], waveSize: 10,
            waveIntervalDays: 7, dryRun: true, plannedAt: clock.now)
        WavePlan.assign(&rollout, accounts: [(account, .standalone, clock.now.addingTimeInterval(-86_400))])
        configuration.rollout = rollout
        try await environment.store.write { tx in tx.put(configuration) }
        let attempt = SignInAttempt(identity: .root(email: rootEmail), password: password)
        guard case .signedIn = try await service.signIn(attempt, sourceIp: ip, requestId: "r") else {
            Issue.record("a dry run prompted the root"); return
        }
        let events = try await environment.store.facts(account).map(\.name)
        #expect(events.contains("MFAMandateWouldPrompt"))
        #expect(!events.contains("MFAEnrollmentPrompted"))
    }
}

import Foundation
import RampartCore
import RampartStore
import Testing

@testable import RampartServices

extension SignInFlowTests {
    /// Under a mandate that accepts only security keys and passkeys, a root user with an authenticator
    /// app proves the app first; a wrong code gets nowhere, and after a right one it is sent to set up a
    /// security key (its sessions carry the proof), its enrollment session limited until it has one.
    @Test func phishingResistantOnlyAsksTheAppThenKeepsTheRootEnrolling() async throws {
        try await environment.store.write { tx in tx.put(MandateConfiguration(devices: .phishingResistant)) }
        let totp = try await device(for: nil)
        let attempt = SignInAttempt(identity: .root(email: rootEmail), password: password)
        guard case .secondFactor(let flow) = try await service.signIn(attempt, sourceIp: ip, requestId: "r") else {
            Issue.record("a root with an authenticator app was not asked for its code"); return
        }
        #expect(
            try await service.verifyCode(flow: flow, code: "000000", sourceIp: ip, requestId: "r")
                == .failed(.invalidCode))
        let code = totp.code(atStep: totp.step(at: clock.now))
        guard
            case .enroll(let enroll) = try await service.verifyCode(
                flow: flow, code: code, sourceIp: ip, requestId: "r")
        else { Issue.record("a right code did not lead to setting up a security key"); return }
        #expect(service.graceDaysLeft(flow: enroll) == MandateConfiguration().gracePeriodDays)
        let events = try await environment.store.facts(account).map(\.name)
        #expect(events.contains("MFAEnrollmentPrompted"))
        guard
            case .signedIn(let session, _) = try await service.beginEnrollment(
                flow: enroll, sourceIp: ip, requestId: "r")
        else { Issue.record("no enrollment session"); return }
        #expect(service.mustEnroll(session: session))
        #expect(service.principal(forSession: session)?.multiFactorAuthPresent == true)
        // With any device allowed, the app satisfies the mandate and the enrollment is over.
        try await environment.store.write { tx in tx.put(MandateConfiguration(devices: .any)) }
        #expect(!service.mustEnroll(session: session))
    }

    /// Within the grace, the root that proved its app may skip setting up a security key, and its session
    /// carries the proof.
    @Test func provedRootMaySkipWithinTheGrace() async throws {
        try await environment.store.write { tx in tx.put(MandateConfiguration(devices: .phishingResistant)) }
        let totp = try await device(for: nil)
        let attempt = SignInAttempt(identity: .root(email: rootEmail), password: password)
        guard case .secondFactor(let flow) = try await service.signIn(attempt, sourceIp: ip, requestId: "r"),
            case .enroll(let enroll) = try await service.verifyCode(
                flow: flow, code: totp.code(atStep: totp.step(at: clock.now)), sourceIp: ip, requestId: "r"),
            case .signedIn(let session, _) = try await service.skipEnrollment(
                flow: enroll, sourceIp: ip, requestId: "r")
        else { Issue.record("no skip after the code"); return }
        #expect(service.principal(forSession: session)?.multiFactorAuthPresent == true)
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

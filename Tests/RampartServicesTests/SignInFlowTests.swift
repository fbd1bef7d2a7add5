import Foundation
import RampartCore
import RampartMFA
import RampartStore
import Synchronization
import Testing

@testable import RampartServices

/// A clock the test moves.
final class TestClock: Clock, Sendable {
    private let current: Mutex<Date>
    init(_ start: Date) { current = Mutex(start) }
    var now: Date { current.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// Console sign-in as a state machine over a real (temporary) store: each step's answer for each
/// situation — password, forced change, second factor, enrollment with grace, expiry, lockouts.
struct SignInFlowTests {
    let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_015))
    let environment: ServiceEnvironment
    let service: SignInService
    let account = AccountID("123456789012")!
    let rootEmail = "root@example.com"
    let password = "Correct-Horse-9-Battery"
    let ip = "192.0.2.10"

    init() async throws {
        environment = try await .temporary(
            clock: clock, account: account, rootEmail: rootEmail, rootPassword: password)
        service = SignInService(environment: environment)
    }

    /// Deletes an IAM user that has a console password.
    func deleteUser(_ name: String) async throws {
        let iam = IAMService(environment: environment)
        try await iam.deleteLoginProfile(IAM.DeleteLoginProfileRequest(userName: name), call)
        try await iam.deleteUser(IAM.DeleteUserRequest(userName: name), call)
    }

    var root: Principal {
        Principal(
            account: account, kind: .root, name: "root", userId: account.rawValue,
            arn: "arn:aws:iam::\(account.rawValue):root", session: nil, accessKeyId: "AKIAROOT")
    }

    var call: CallContext { CallContext(principal: root, requestId: "r", now: clock.now, sourceIp: ip) }

    func user(_ name: String, resetRequired: Bool = false) async throws {
        let iam = IAMService(environment: environment)
        _ = try await iam.createUser(IAM.CreateUserRequest(userName: name), call)
        _ = try await iam.createLoginProfile(
            IAM.CreateLoginProfileRequest(userName: name, password: password, passwordResetRequired: resetRequired),
            call)
    }

    /// An enabled authenticator for `name` (nil: root); returns its TOTP.
    func device(for name: String?) async throws -> TOTP {
        let seed = Array("12345678901234567890".utf8)
        let serial = "arn:aws:iam::\(account.rawValue):mfa/\(name ?? "root")-app"
        let sealed = try environment.secrets.seal(
            seed, boundTo: MFADevice.sealingContext(account: account, serialNumber: serial))
        var device = MFADevice(
            account: account, kind: .virtual, serialNumber: serial, sealedSeed: sealed, createDate: clock.now)
        device.assignment = MFADevice.Assignment(userName: name, enableDate: clock.now)
        try await environment.store.write { tx in tx.put(device) }
        return TOTP(secret: seed)
    }

    func signIn(_ name: String, _ typed: String? = nil) async throws -> SignInStep {
        try await service.signIn(
            SignInAttempt(identity: .iamUser(account: account.rawValue, userName: name), password: typed ?? password),
            sourceIp: ip, requestId: "r")
    }

    @Test func passwordAloneWhenNothingMoreIsAsked() async throws {
        try await user("alice")
        #expect(try await signIn("alice", "wrong") == .failed(.invalidCredentials))
        #expect(environment.store.snapshot().get(User.self, User.key(account, "alice"))?.passwordLastUsed == nil)
        guard case .signedIn(let session, _) = try await signIn("alice") else { Issue.record("no session"); return }
        #expect(environment.store.snapshot().get(User.self, User.key(account, "alice"))?.passwordLastUsed == clock.now)
        let principal = try #require(service.principal(forSession: session))
        #expect(principal.arn == "arn:aws:iam::123456789012:user/alice")
        #expect(principal.multiFactorAuthPresent == false)
        try await service.signOut(session: session)
        #expect(service.principal(forSession: session) == nil)
    }

    @Test func aDeviceMeansASecondStepAndTheFlowIsSingleUse() async throws {
        try await user("bob")
        let totp = try await device(for: "bob")
        guard case .secondFactor(let flow) = try await signIn("bob") else { Issue.record("no second step"); return }
        #expect(
            try await service.verifyCode(flow: flow, code: "000000", sourceIp: ip, requestId: "r")
                == .failed(.invalidCode))
        let code = totp.code(atStep: totp.step(at: clock.now))
        guard
            case .signedIn(let session, _) = try await service.verifyCode(
                flow: flow, code: code, sourceIp: ip, requestId: "r")
        else { Issue.record("no session"); return }
        #expect(service.principal(forSession: session)?.multiFactorAuthPresent == true)
        #expect(
            try await service.verifyCode(flow: flow, code: code, sourceIp: ip, requestId: "r") == .failed(.flowExpired))
    }

    @Test func aFlowExpires() async throws {
        try await user("carol")
        let totp = try await device(for: "carol")
        guard case .secondFactor(let flow) = try await signIn("carol") else { Issue.record("no second step"); return }
        clock.advance(SignInService.flowLifetime + 1)
        let code = totp.code(atStep: totp.step(at: clock.now))
        #expect(
            try await service.verifyCode(flow: flow, code: code, sourceIp: ip, requestId: "r") == .failed(.flowExpired))
    }

    @Test func aRequiredResetComesFirst() async throws {
        try await user("dave", resetRequired: true)
        guard case .changePassword(let flow) = try await signIn("dave") else { Issue.record("no change"); return }
        let weak = try await service.changePassword(
            flow: flow, oldPassword: password, newPassword: "a", sourceIp: ip, requestId: "r")
        guard case .failed(.passwordRejected) = weak else { Issue.record("weak password accepted"); return }
        let changed = try await service.changePassword(
            flow: flow, oldPassword: password, newPassword: "Brand-New-Passw0rd", sourceIp: ip, requestId: "r")
        guard case .signedIn = changed else { Issue.record("no session after the change: \(changed)"); return }
    }

    @Test func rootWithoutADeviceGetsAGracePeriodThenMustEnroll() async throws {
        let attempt = SignInAttempt(identity: .root(email: rootEmail), password: password)
        guard case .enroll(let first) = try await service.signIn(attempt, sourceIp: ip, requestId: "r") else {
            Issue.record("root was not asked to enroll"); return
        }
        #expect(service.graceDaysLeft(flow: first) == 35)
        guard case .signedIn = try await service.skipEnrollment(flow: first, sourceIp: ip, requestId: "r") else {
            Issue.record("skip refused during grace"); return
        }
        clock.advance(36 * 86_400)
        guard case .enroll(let late) = try await service.signIn(attempt, sourceIp: ip, requestId: "r") else {
            Issue.record("root was not asked to enroll"); return
        }
        #expect(service.graceDaysLeft(flow: late) == nil)
        #expect(try await service.skipEnrollment(flow: late, sourceIp: ip, requestId: "r") == .failed(.graceOver))
        guard
            case .signedIn(let session, _) = try await service.beginEnrollment(flow: late, sourceIp: ip, requestId: "r")
        else { Issue.record("no enrollment session"); return }
        #expect(service.mustEnroll(session: session))
        _ = try await device(for: nil)
        #expect(!service.mustEnroll(session: session))
        // Every prompt, skip and block is in the audit trail, and so is each sign-in with whether MFA was used.
        let events = try await environment.store.facts(account).map(\.name)
        #expect(events.filter { $0 == "MFAEnrollmentPrompted" }.count == 1)
        #expect(events.filter { $0 == "MFAEnrollmentRequired" }.count == 1)
        #expect(events.filter { $0 == "MFAEnrollmentSkipped" }.count == 1)
        #expect(events.filter { $0 == "ConsoleLogin" }.count == 2)
    }

    @Test func blockingWithoutADeviceIsRecorded() async throws {
        try await environment.store.write { tx in
            var record = try #require(tx.get(Account.self, account.rawValue))
            record.mfaSettings = MFASettings(withoutDevice: .block)
            tx.put(record)
        }
        let attempt = SignInAttempt(identity: .root(email: rootEmail), password: password)
        #expect(try await service.signIn(attempt, sourceIp: ip, requestId: "r") == .failed(.mfaRequired))
        let events = try await environment.store.facts(account).map(\.name)
        #expect(events.contains("MFAEnrollmentBlocked"))
    }

    @Test func fiveWrongPasswordsLockThePrincipalOnly() async throws {
        try await user("erin")
        try await user("frank")
        for _ in 0..<5 { _ = try await signIn("erin", "wrong") }
        #expect(try await signIn("erin") == .failed(.throttled))
        guard case .signedIn = try await signIn("frank") else { Issue.record("frank was locked too"); return }
        clock.advance(61)
        guard case .signedIn = try await signIn("erin") else { Issue.record("the lockout did not lift"); return }
    }

    @Test func aSessionEndsWithItsUserAndDoesNotPassToTheNextHolderOfTheName() async throws {
        try await user("grace")
        guard case .signedIn(let session, _) = try await signIn("grace") else { Issue.record("no session"); return }
        try await deleteUser("grace")
        #expect(service.principal(forSession: session) == nil)
        try await user("grace")
        #expect(service.principal(forSession: session) == nil)
    }

    @Test func aRenamedUserKeepsItsSession() async throws {
        try await user("heidi")
        guard case .signedIn(let session, _) = try await signIn("heidi") else { Issue.record("no session"); return }
        let iam = IAMService(environment: environment)
        try await iam.updateUser(IAM.UpdateUserRequest(userName: "heidi", newUserName: "ivan"), call)
        #expect(service.principal(forSession: session)?.arn == "arn:aws:iam::123456789012:user/ivan")
        try await user("heidi")
        #expect(service.principal(forSession: session)?.arn == "arn:aws:iam::123456789012:user/ivan")
    }

    @Test func rootSessionsBelongToTheAccountNotToAUserNamedRoot() async throws {
        try await user("root")
        guard case .signedIn(let userSession, _) = try await signIn("root") else {
            Issue.record("no session")
            return
        }
        #expect(service.principal(forSession: userSession)?.kind == .user)
        let attempt = SignInAttempt(identity: .root(email: rootEmail), password: password)
        var step = try await service.signIn(attempt, sourceIp: ip, requestId: "r")
        if case .enroll(let flow) = step {
            step = try await service.skipEnrollment(flow: flow, sourceIp: ip, requestId: "r")
        }
        guard case .signedIn(let rootSession, _) = step else { Issue.record("no root session: \(step)"); return }
        try await deleteUser("root")
        #expect(service.principal(forSession: userSession) == nil)
        #expect(service.principal(forSession: rootSession)?.arn == "arn:aws:iam::123456789012:root")
    }

    @Test func aFlowDoesNotGoOnForANewUserOfTheName() async throws {
        try await user("judy", resetRequired: true)
        guard case .changePassword(let flow) = try await signIn("judy") else { Issue.record("no flow"); return }
        try await deleteUser("judy")
        try await user("judy", resetRequired: true)
        let step = try await service.changePassword(
            flow: flow, oldPassword: password, newPassword: "Another-Horse-7-Staple", sourceIp: ip, requestId: "r")
        #expect(step == .failed(.flowExpired))
    }

    @Test func aDeadSessionCannotStepUpWithTheNextHoldersDevice() async throws {
        try await user("kim")
        guard case .signedIn(let session, _) = try await signIn("kim") else { Issue.record("no session"); return }
        try await deleteUser("kim")
        try await user("kim")
        let totp = try await device(for: "kim")
        let code = totp.code(atStep: totp.step(at: clock.now))
        #expect(try await service.stepUp(session: session, code: code, sourceIp: ip, requestId: "r") == .flowExpired)
        #expect(service.principal(forSession: session) == nil)
    }
}

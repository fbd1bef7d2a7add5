import Foundation
import RampartCore
import RampartMFA
import RampartStore
import Testing

@testable import RampartServices

/// The gate against a real (temporary) SQLite store: every outcome, what it writes, and the
/// rules that make codes single use.
struct MFAGateTests {
    let account = AccountID("123456789012")!
    let serial = "arn:aws:iam::123456789012:mfa/phone"
    let seed: [UInt8] = Array("12345678901234567890".utf8)
    let now = Date(timeIntervalSince1970: 1_800_000_015)  // 15 s into a step
    let store: SQLiteStore
    let secrets: SecretBox
    let gate: MFAGate

    init() throws {
        let folder = try TestFolder.make("gate")
        store = try SQLiteStore(path: folder.appendingPathComponent("t.db").path, recordTypes: RecordTypes.all)
        secrets = SecretBox(masterKey: try MasterKey(bytes: Array(repeating: 7, count: 32)))
        gate = MFAGate(secrets: secrets, audit: .init(operation: "Test", requestId: "r-1", sourceIp: "192.0.2.1"))
    }

    var totp: TOTP { TOTP(secret: seed) }

    func device() throws -> MFADevice {
        let sealed = try secrets.seal(seed, boundTo: MFADevice.sealingContext(account: account, serialNumber: serial))
        return MFADevice(account: account, kind: .virtual, serialNumber: serial, sealedSeed: sealed, createDate: now)
    }

    func check(_ codes: MFACodes, at time: Date? = nil, resync: Bool = false) async throws -> MFAOutcome {
        let fallback = try device()
        return try await store.write { tx in
            let current = tx.get(MFADevice.self, fallback.recordKey) ?? fallback
            return gate.check(codes, device: current, userName: "alice", at: time ?? now, resync: resync, in: &tx)
        }
    }

    func code(_ offset: Int64, at time: Date? = nil) -> String {
        totp.code(atStep: totp.step(at: time ?? now) + offset)
    }

    @Test func aCodeIsAcceptedOnceAndOlderStepsNever() async throws {
        #expect(try await check(.single(code(0))) == .accepted(step: totp.step(at: now)))
        #expect(try await check(.single(code(0))) == .rejected)
        #expect(try await check(.single(code(-1))) == .rejected)
        #expect(try await check(.single(code(1))).isAccepted)
    }

    @Test func theWindowIsOneStepEitherSide() async throws {
        #expect(try await check(.single(code(-2))) == .rejected)
        #expect(try await check(.single(code(2))) == .rejected)
        #expect(try await check(.single(code(-1))).isAccepted)
    }

    @Test func consecutiveCodesConsumeTheLaterStep() async throws {
        #expect(try await check(.consecutive(code(-1), code(0))) == .accepted(step: totp.step(at: now)))
        #expect(try await check(.single(code(0))) == .rejected)
        #expect(try await check(.consecutive(code(0), code(-1))) == .rejected)
    }

    @Test func fiveFailuresLockOutEvenTheRightCode() async throws {
        for _ in 0..<5 { #expect(try await check(.single("000000")) == .rejected) }
        let outcome = try await check(.single(code(0)))
        #expect(outcome == .lockedOut(until: now.addingTimeInterval(60)))
        // After the cooling-off period the right code works and ends the lockout and its doubling, but the
        // day's failures still count toward the daily limit (a success must not hand a guesser a new day).
        let later = now.addingTimeInterval(61)
        #expect(try await check(.single(code(0, at: later)), at: later).isAccepted)
        let throttle = try #require(store.snapshot().get(MFAThrottle.self, MFAThrottle.key(account, userName: "alice")))
        #expect(throttle.lockedOut(at: later) == nil && throttle.lockouts == 0 && throttle.failures.isEmpty)
        #expect(throttle.dayFailures?.count == 5)
    }

    @Test func everyCheckAppendsAnAuditEvent() async throws {
        _ = try await check(.single(code(0)))
        // A second later (event ids order by time, to the millisecond), the same code is a replay.
        _ = try await check(.single(code(0)), at: now.addingTimeInterval(1))
        let events = try await store.facts(account)
        #expect(events.map(\.name) == ["MFACodeAccepted", "MFACodeRejected"])
        #expect(events.allSatisfy { $0.details["serialNumber"] == serial && $0.sourceIp == "192.0.2.1" })
    }

    @Test func aSeedSealedForAnotherDeviceMatchesNothing() async throws {
        var moved = try device()
        moved.sealedSeed = try secrets.seal(seed, boundTo: "mfa-seed/123456789012/other")
        let outcome = try await store.write { tx in
            gate.check(.single(code(0)), device: moved, userName: "alice", at: now, in: &tx)
        }
        #expect(outcome == .rejected)
    }

    @Test func resyncFindsADriftedDeviceAndRemembersTheDrift() async throws {
        // The device runs ten steps ahead.
        #expect(try await check(.single(code(10))) == .rejected)
        #expect(try await check(.consecutive(code(10), code(11)), resync: true).isAccepted)
        #expect(store.snapshot().get(MFADevice.self, try device().recordKey)?.driftSteps == 11)
        #expect(try await check(.single(code(12))).isAccepted)
    }
}

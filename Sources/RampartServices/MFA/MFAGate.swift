import Foundation
import RampartCore
import RampartMFA
import RampartStore

/// The one place TOTP codes are checked and consumed. Enable, resync, STS and the console all
/// come through here, inside a store write, so that a time step is accepted at most once per
/// device even when two requests race (the store serializes writes; on PostgreSQL the same
/// transaction holds the row), and every failure counts toward the principal's lockout.
struct MFAGate: Sendable {
    /// Who asked, for the audit event each check appends.
    struct Audit: Sendable {
        var operation: String
        var requestId: String
        var sourceIp: String

        init(operation: String, requestId: String, sourceIp: String) {
            self.operation = operation
            self.requestId = requestId
            self.sourceIp = sourceIp
        }

        init(operation: String, _ call: CallContext) {
            self.init(operation: operation, requestId: call.requestId, sourceIp: call.sourceIp)
        }
    }

    let secrets: SecretBox
    let audit: Audit

    /// Checks `codes` against `device` for its owner (`userName`, nil for root) and records the
    /// result in `tx`: the device's last accepted step on success, the owner's throttle on
    /// failure. `drift` widens the search for resync, where a device may have wandered.
    func check(
        _ codes: MFACodes, device: MFADevice, userName: String?, at now: Date, resync: Bool = false,
        in tx: inout StoreTransaction
    ) -> MFAOutcome {
        let outcome = decide(codes, device: device, userName: userName, at: now, resync: resync, in: &tx)
        tx.append(
            AuditEvent(
                account: device.account, time: now, name: Self.eventName(outcome), userName: userName,
                requestId: audit.requestId, sourceIp: audit.sourceIp,
                details: ["serialNumber": device.serialNumber, "operation": audit.operation]))
        return outcome
    }

    static func eventName(_ outcome: MFAOutcome) -> String {
        switch outcome {
        case .accepted: return "MFACodeAccepted"
        case .rejected: return "MFACodeRejected"
        case .lockedOut: return "MFALockedOut"
        }
    }

    /// Checks one code against every device an owner has (the console asks for "a code", not for
    /// the device it came from): one wrong code is one failure however many devices there are.
    /// Returns the outcome and the device that accepted it, and appends one audit event.
    /// `browser` names a trusted browser's own counter (see MFAThrottle.browser); nil is the principal's.
    func checkAny(
        _ code: String, devices: [MFADevice], account: AccountID, userName: String?, browser: String? = nil,
        at now: Date, in tx: inout StoreTransaction
    ) -> (MFAOutcome, MFADevice?) {
        var result: (MFAOutcome, MFADevice?) = (.rejected, nil)
        if let until = Self.throttle(account, userName, browser: browser, in: tx).lockedOut(at: now) {
            result = (.lockedOut(until: until), nil)
        } else {
            for device in devices {
                if let step = matchingStep(.single(code), device: device, at: now, resync: false),
                    step > (device.lastAcceptedStep ?? Int64.min)
                {
                    result = (
                        accept(
                            .single(code), step: step, device: device, userName: userName, browser: browser,
                            resync: false, at: now, in: &tx), device
                    )
                    break
                }
            }
            if case .rejected = result.0 {
                Self.recordFailure(account, userName, browser: browser, at: now, in: &tx)
            }
        }
        tx.append(
            AuditEvent(
                account: account, time: now, name: Self.eventName(result.0), userName: userName,
                requestId: audit.requestId, sourceIp: audit.sourceIp,
                details: ["serialNumber": result.1?.serialNumber ?? "", "operation": audit.operation]))
        return result
    }

    private func decide(
        _ codes: MFACodes, device: MFADevice, userName: String?, at now: Date, resync: Bool,
        in tx: inout StoreTransaction
    ) -> MFAOutcome {
        if let until = Self.throttle(device.account, userName, in: tx).lockedOut(at: now) {
            return .lockedOut(until: until)
        }
        if let step = matchingStep(codes, device: device, at: now, resync: resync),
            step > (device.lastAcceptedStep ?? Int64.min)
        {
            return accept(codes, step: step, device: device, userName: userName, resync: resync, at: now, in: &tx)
        }
        Self.recordFailure(device.account, userName, at: now, in: &tx)
        return .rejected
    }

    /// The owner's MFA lockout counter, which every second factor (codes, recovery codes) shares.
    static func throttle(_ account: AccountID, _ userName: String?, browser: String? = nil, in tx: StoreTransaction)
        -> MFAThrottle
    {
        tx.get(MFAThrottle.self, MFAThrottle.key(account, userName: userName, browser: browser))
            ?? MFAThrottle(account: account, userName: userName, browser: browser)
    }

    private func accept(
        _ codes: MFACodes, step: Int64, device: MFADevice, userName: String?, browser: String? = nil, resync: Bool,
        at now: Date, in tx: inout StoreTransaction
    ) -> MFAOutcome {
        var device = device
        device.lastAcceptedStep = step
        // Enabling starts afresh; a resync measures how far the device's clock has wandered
        // (its second code is the one it shows now).
        if case .consecutive = codes {
            device.driftSteps = resync ? step - TOTP(secret: [], parameters: parameters(device)).step(at: now) : 0
        }
        tx.put(device)
        Self.clearAfterSuccess(device.account, userName, browser: browser, in: &tx)
        return .accepted(step: step)
    }

    /// A right code ends the lockout and its doubling, but not the day's count of failures: otherwise every
    /// sign-in of the owner would hand a guesser another day's worth of guesses.
    static func clearAfterSuccess(
        _ account: AccountID, _ userName: String?, browser: String? = nil, in tx: inout StoreTransaction
    ) {
        var throttle = throttle(account, userName, browser: browser, in: tx)
        guard throttle.lockouts > 0 || !throttle.failures.isEmpty || throttle.lockedUntil != nil else { return }
        let day = throttle.dayFailures ?? []
        if day.isEmpty {
            tx.delete(MFAThrottle.self, MFAThrottle.key(account, userName: userName, browser: browser))
            return
        }
        throttle.failures = []
        throttle.lockedUntil = nil
        throttle.lockouts = 0
        tx.put(throttle)
    }

    /// One more failed second factor for the owner, toward its MFA lockout.
    static func recordFailure(
        _ account: AccountID, _ userName: String?, browser: String? = nil, at now: Date, in tx: inout StoreTransaction
    ) {
        var throttle = throttle(account, userName, browser: browser, in: tx)
        throttle.recordFailure(at: now)
        tx.put(throttle)
    }

    /// The newest step the codes stand for, or nil. A seed that does not open (a tampered row)
    /// matches nothing.
    func matchingStep(_ codes: MFACodes, device: MFADevice, at now: Date, resync: Bool) -> Int64? {
        guard
            let seed = try? secrets.open(
                device.sealedSeed,
                boundTo: MFADevice.sealingContext(account: device.account, serialNumber: device.serialNumber)),
            OTPAlgorithm(rawValue: device.algorithm) != nil
        else { return nil }
        let totp = TOTP(secret: seed, parameters: parameters(device))
        // Resync exists for devices whose clock has wandered: search ten minutes either way of
        // the server's time. Otherwise look around the device's own time, as last measured.
        let window = resync ? max(Limits.totpWindow, 600 / max(device.period, 1)) : Limits.totpWindow
        let drift: Int64
        if case .single = codes { drift = device.driftSteps ?? 0 } else { drift = 0 }
        let center = now.addingTimeInterval(TimeInterval(drift * Int64(device.period)))
        switch codes {
        case .single(let code):
            return totp.matchingStep(code, at: center, window: window)
        case .consecutive(let first, let second):
            return totp.consecutiveSteps(first, second, at: center, window: window).map { $0 + 1 }
        }
    }

    func parameters(_ device: MFADevice) -> OTPParameters {
        OTPParameters(
            algorithm: OTPAlgorithm(rawValue: device.algorithm) ?? .sha1, digits: device.digits, period: device.period)
    }
}

import Foundation
import RampartCore
import RampartStore

extension SignInService {
    /// The root user's next step under the mandate, when the mandate decides it: set up MFA (prompt, or
    /// no more skipping once the grace is over) when its account is in scope, its wave has started and
    /// it has no allowed device. In a wave that rehearses (dry run) nobody is prompted or blocked; what
    /// would have happened is recorded. Nil: the ordinary steps follow (a second factor when it has a
    /// device, else a session).
    ///
    /// A root user with a device the mandate does not accept (an authenticator app, when only security
    /// keys and passkeys will do) proves that device first: the setup is offered to whoever proved it, not
    /// to whoever knows the password. It is asked again with `provedAt`, the time its second factor was
    /// proved, and is then sent to set up the device the mandate wants, under the same grace as a root
    /// without any.
    func rootUnderMandate(
        account: AccountID, enrollment: MFAEnrollment, settings: MFASettings, provedAt: Date? = nil, sourceIp: String,
        requestId: String, at now: Date, in tx: inout StoreTransaction
    ) -> SignInStep? {
        guard let record = tx.get(Account.self, account.rawValue) else { return nil }
        let assessment = MandateService.assess(record, in: tx.snapshot, plans: environment.mandatePlans, now: now)
        var details = ["status": assessment.status.rawValue]
        details["wave"] = assessment.wave.map(String.init)
        details["waveStart"] = assessment.waveStart.map(Timestamp.iso8601)
        guard assessment.needsDevice, !assessment.dryRun else {
            // After the second factor: the password step already recorded what a dry run would do.
            if provedAt != nil { return nil }
            if assessment.needsDevice {
                let name = assessment.status == .blocked ? "MFAMandateWouldBlock" : "MFAMandateWouldPrompt"
                tx.append(mandateEvent(name, account, requestId, sourceIp, now, details))
            }
            if usableDevices(account, nil, in: tx) > 0 { return nil }
            return Self.startSession(
                account: account, userName: nil, mfaAt: nil, sourceIp: sourceIp, requestId: requestId, at: now, in: &tx)
        }
        // The device it has first: the ordinary second factor, which asks the mandate again once proved.
        if provedAt == nil, usableDevices(account, nil, in: tx) > 0 { return nil }
        if settings.withoutDevice == .block {
            tx.append(mandateEvent("MFAEnrollmentBlocked", account, requestId, sourceIp, now, details))
            return .failed(.mfaRequired)
        }
        // The grace runs from the first prompt on or after the wave's start.
        var updated = enrollment
        if updated.firstPromptedAt.map({ $0 < (assessment.waveStart ?? .distantPast) }) ?? true {
            updated.firstPromptedAt = now
        }
        tx.put(updated)
        let name = assessment.status == .blocked ? "MFAEnrollmentRequired" : "MFAEnrollmentPrompted"
        tx.append(mandateEvent(name, account, requestId, sourceIp, now, details))
        return .enroll(flow: Self.startFlow(account, nil, stage: .enroll, mfaAt: provedAt, at: now, in: &tx))
    }

    private func mandateEvent(
        _ name: String, _ account: AccountID, _ requestId: String, _ sourceIp: String, _ now: Date,
        _ details: [String: String]
    ) -> AuditEvent {
        AuditEvent(
            account: account, time: now, name: name, userName: nil, requestId: requestId, sourceIp: sourceIp,
            details: details)
    }
}

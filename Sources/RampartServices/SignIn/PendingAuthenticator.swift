import Foundation
import RampartCore
import RampartMFA
import RampartStore

/// An authenticator app created on the console's security page and not enabled yet. The page that shows
/// its seed carries the seed back with each form, and the seed is the proof that whoever posts the form
/// is the person it was shown to: only they get the seed and QR code again after a wrong code, and only
/// they may cancel (delete) the device, whatever their policies say of DeleteVirtualMFADevice.
public struct PendingAuthenticator: Sendable {
    public struct Display: Sendable {
        /// Base32, as the page first showed it.
        public var seed: String
        public var qrPNG: [UInt8]
    }

    let environment: ServiceEnvironment

    public init(environment: ServiceEnvironment) {
        self.environment = environment
    }

    /// The seed and QR code again, when `presented` is the seed of the unassigned virtual device
    /// `serialNumber` of the account; nil otherwise (enabled, deleted, or not the seed).
    public func display(serialNumber: String, presented: String, account: AccountID) -> Display? {
        guard let seed = matchingSeed(serialNumber: serialNumber, presented: presented, account: account),
            let name = serialNumber.split(separator: "/").last
        else { return nil }
        let uri = MFASeed.provisioningURI(deviceName: String(name), account: account, seed: seed)
        guard let png = try? QRCode.encode(uri, errorCorrection: .medium).png() else { return nil }
        return Display(seed: Base32.encode(seed), qrPNG: png)
    }

    /// Deletes the device a person cancelled setting up; false when `presented` does not prove they were
    /// shown it, or it was enabled meanwhile.
    public func cancel(
        serialNumber: String, presented: String, account: AccountID, userName: String?, requestId: String,
        sourceIp: String
    ) async throws -> Bool {
        guard matchingSeed(serialNumber: serialNumber, presented: presented, account: account) != nil else {
            return false
        }
        let now = environment.clock.now
        return try await environment.store.write { tx in
            guard let device = tx.get(MFADevice.self, MFADevice.key(account, serialNumber)), device.assignment == nil
            else { return false }
            tx.delete(MFADevice.self, device.recordKey)
            tx.append(
                AuditEvent(
                    account: account, time: now, name: "MFAEnrollmentCancelled", userName: userName,
                    requestId: requestId, sourceIp: sourceIp, details: ["serialNumber": serialNumber]))
            return true
        }
    }

    private func matchingSeed(serialNumber: String, presented: String, account: AccountID) -> [UInt8]? {
        guard let device = environment.store.snapshot().get(MFADevice.self, MFADevice.key(account, serialNumber)),
            device.kind == .virtual, device.assignment == nil,
            let presentedBytes = Base32.decode(presented.filter { !$0.isWhitespace }.uppercased()),
            let seed = try? environment.secrets.open(
                device.sealedSeed, boundTo: MFADevice.sealingContext(account: account, serialNumber: serialNumber)),
            ConstantTime.equal(seed, presentedBytes)
        else { return nil }
        return seed
    }
}

import Foundation
import RampartCore
import RampartStore

/// Names a principal gives its own devices in the console. AWS keeps a device's name in its serial number
/// (an authenticator app's ARN, a passkey's label), which cannot change; the nickname is what the
/// console shows beside it.
public struct DeviceNicknames: Sendable {
    let environment: ServiceEnvironment

    public init(environment: ServiceEnvironment) {
        self.environment = environment
    }

    /// Nicknames of the owner's devices by serial number.
    public func nicknames(account: AccountID, owner: String?) -> [String: String] {
        let snapshot = environment.store.snapshot()
        var names = [String: String]()
        for device in snapshot.mfaDevices(account, assignedTo: owner) {
            if let nickname = device.nickname { names[device.serialNumber] = nickname }
        }
        let partition = snapshot.partition(of: account)
        for key in snapshot.webAuthnCredentials(account, ownedBy: owner) {
            if let nickname = key.nickname { names[key.serialNumber(in: partition)] = nickname }
        }
        return names
    }

    /// Renames one of the owner's own devices; an empty name removes the nickname.
    public func rename(serialNumber: String, to nickname: String, account: AccountID, owner: String?) async throws {
        let trimmed = nickname.trimmingCharacters(in: .whitespaces)
        guard trimmed.count <= 64, !trimmed.contains(where: { $0.isNewline || $0.asciiValue.map { $0 < 32 } == true })
        else {
            throw AWSError.invalidInput("A device name is at most 64 characters on one line.")
        }
        try await environment.store.write { tx in
            let partition = tx.partition(of: account)
            if var key = tx.webAuthnCredentials(account, ownedBy: owner).first(where: {
                $0.serialNumber(in: partition) == serialNumber
            }) {
                key.nickname = trimmed.isEmpty ? nil : trimmed
                tx.put(key)
            } else if var device = tx.get(MFADevice.self, MFADevice.key(account, serialNumber)),
                device.isAssigned(to: owner)
            {
                device.nickname = trimmed.isEmpty ? nil : trimmed
                tx.put(device)
            } else {
                throw AWSError.noSuchEntity("MFA device with serial number \(serialNumber) does not exist.")
            }
        }
    }
}

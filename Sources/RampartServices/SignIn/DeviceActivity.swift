import Foundation
import RampartCore
import RampartStore

/// When each of an owner's MFA devices was last used, by serial number, as the administrator's console
/// shows it: an authenticator's last accepted time step (every code is single use, so its step is the
/// time of the last code it gave), a passkey's last assertion. ListMFADevices has no such column.
public struct DeviceActivity: Sendable {
    let environment: ServiceEnvironment

    public init(environment: ServiceEnvironment) {
        self.environment = environment
    }

    public func lastUsed(account: AccountID, owner: String?) -> [String: Date] {
        let snapshot = environment.store.snapshot()
        var used = [String: Date]()
        for device in snapshot.mfaDevices(account, assignedTo: owner) {
            if let step = device.lastAcceptedStep {
                used[device.serialNumber] = Date(
                    timeIntervalSince1970: TimeInterval(step) * TimeInterval(device.period))
            }
        }
        let partition = snapshot.partition(of: account)
        for key in snapshot.webAuthnCredentials(account, ownedBy: owner) {
            if let date = key.lastUsedDate { used[key.serialNumber(in: partition)] = date }
        }
        return used
    }
}

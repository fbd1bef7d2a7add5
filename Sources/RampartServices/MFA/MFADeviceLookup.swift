import Foundation
import RampartCore
import RampartStore

extension EntityReader {
    /// A device of `account` by serial number: a virtual device's ARN or a hardware token's
    /// vendor serial.
    func mfaDevice(_ account: AccountID, _ serialNumber: String) throws(AWSError) -> MFADevice {
        guard let device = get(MFADevice.self, MFADevice.key(account, serialNumber)) else {
            throw AWSError.noSuchEntity("MFA device with serial number \(serialNumber) does not exist.")
        }
        return device
    }

    /// The devices enabled for an owner (an IAM user, or root when `userName` is nil).
    func mfaDevices(_ account: AccountID, assignedTo userName: String?) -> [MFADevice] {
        all(MFADevice.self, account: account.rawValue).filter { $0.isAssigned(to: userName) }
    }

    /// The passkeys and security keys of an owner (an IAM user, or root when `userName` is nil).
    func webAuthnCredentials(_ account: AccountID, ownedBy userName: String?) -> [WebAuthnCredential] {
        all(WebAuthnCredential.self, account: account.rawValue).filter { $0.isOwned(by: userName) }
    }

    /// Every device in use by an owner, of any type: what the limit of eight counts and ListMFADevices
    /// lists, as (serial number, enable date). A passkey's serial number is an ARN in the account's partition.
    func devicesInUse(_ account: AccountID, by userName: String?) -> [(serialNumber: String, enableDate: Date)] {
        let partition = partition(of: account)
        return mfaDevices(account, assignedTo: userName).map {
            ($0.serialNumber, $0.assignment?.enableDate ?? $0.createDate)
        } + webAuthnCredentials(account, ownedBy: userName).map { ($0.serialNumber(in: partition), $0.createDate) }
    }
}

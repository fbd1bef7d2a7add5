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
}

import Crypto
import Foundation
import RampartCore
import RampartMFA

/// New virtual-device seeds and what shows them to the user once.
enum MFASeed {
    /// 40 random bytes, 64 Base32 characters: the size of AWS's own virtual-device seeds, well
    /// above RFC 4226's 160-bit recommendation.
    static func generate() -> [UInt8] {
        RandomBytes.make(40)
    }

    /// The `otpauth://` URI an authenticator app scans: label `NAME@ACCOUNT` as AWS writes it
    /// (the account id, since a new device has no user yet), issuer Rampart, standard parameters.
    static func provisioningURI(deviceName: String, account: AccountID, seed: [UInt8]) -> String {
        OTPAuthURI.totp(
            label: "\(deviceName)@\(account.rawValue)", issuer: "Rampart", secret: seed, parameters: .standard)
    }
}

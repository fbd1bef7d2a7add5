/// What an MFA device is, read from its serial number as ListMFADevices gives it: an authenticator
/// app (`…:mfa/NAME`), a passkey or security key (`…:u2f/…`, phishing-resistant: it answers only the
/// site it was made for), or an imported hardware TOTP token (a vendor's serial).
enum MFAKind: Equatable {
    case authenticator, passkey, hardware

    init(serialNumber: String) {
        if serialNumber.contains(":u2f/") {
            self = .passkey
        } else if serialNumber.contains(":mfa/") {
            self = .authenticator
        } else {
            self = .hardware
        }
    }

    var label: String {
        switch self {
        case .authenticator: "Authenticator app"
        case .passkey: "Passkey or security key"
        case .hardware: "Hardware TOTP token"
        }
    }

    /// A user's MFA in a few words: "None", "Authenticator app", "Passkey", "Both", and whether any
    /// of it resists phishing.
    static func summary(_ serials: [String]) -> (text: String, phishingResistant: Bool) {
        let kinds = serials.map(MFAKind.init(serialNumber:))
        let codes = kinds.contains(.authenticator) || kinds.contains(.hardware)
        let keys = kinds.contains(.passkey)
        switch (codes, keys) {
        case (false, false): return ("None", false)
        case (true, false): return (kinds.contains(.authenticator) ? "Authenticator" : "Hardware token", false)
        case (false, true): return ("Passkey", true)
        case (true, true): return ("Both", true)
        }
    }
}

import Foundation

/// A TOTP MFA device: a virtual one (an authenticator app, created with
/// `CreateVirtualMFADevice`) or a hardware token an administrator imported. The seed is stored
/// sealed (AES-GCM under the master key, bound to the device's account and serial number) and
/// never leaves the server after creation.
public struct MFADevice: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable { case virtual, hardware }

    /// Who a device is enabled for: an IAM user, or the root user when `userName` is nil.
    public struct Assignment: Codable, Sendable, Equatable {
        public var userName: String?
        public var enableDate: Date

        public init(userName: String?, enableDate: Date) {
            self.userName = userName
            self.enableDate = enableDate
        }
    }

    public var account: AccountID
    public var kind: Kind
    /// The device ARN (`arn:PARTITION:iam::ACCOUNT:mfa/PATHNAME`, in the account's partition) for virtual devices, the vendor's
    /// serial (`GAHT12345678`) for hardware tokens.
    public var serialNumber: String
    public var sealedSeed: [UInt8]
    /// TOTP parameters: "SHA1", "SHA256" or "SHA512"; 6 or 8 digits; period in seconds.
    public var algorithm: String
    public var digits: Int
    public var period: Int
    public var createDate: Date
    public var assignment: Assignment?
    /// The highest time step ever accepted. Any code for this step or an earlier one is refused,
    /// which makes every code single use whichever operation (enable, resync, STS, console)
    /// consumed it.
    public var lastAcceptedStep: Int64?
    /// How many time steps the device runs ahead of the server (negative: behind), as measured
    /// by the last enable or resync; codes are looked for around the device's own time.
    public var driftSteps: Int64?
    public var tags: [Tag]
    /// The owner's own name for the device, shown in the console; the serial number never changes.
    public var nickname: String?

    public init(
        account: AccountID, kind: Kind, serialNumber: String, sealedSeed: [UInt8], algorithm: String = "SHA1",
        digits: Int = 6, period: Int = 30, createDate: Date
    ) {
        self.account = account
        self.kind = kind
        self.serialNumber = serialNumber
        self.sealedSeed = sealedSeed
        self.algorithm = algorithm
        self.digits = digits
        self.period = period
        self.createDate = createDate
        self.tags = []
    }

    /// Whether the device is enabled for this owner (nil = root).
    public func isAssigned(to userName: String?) -> Bool {
        guard let assignment else { return false }
        return assignment.userName?.lowercased() == userName?.lowercased()
    }

    /// What seals the seed to this device: moving a sealed seed to another row fails to open.
    public static func sealingContext(account: AccountID, serialNumber: String) -> String {
        "mfa-seed/\(account.rawValue)/\(serialNumber)"
    }
}

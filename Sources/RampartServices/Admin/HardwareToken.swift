/// A hardware TOTP token as its vendor's seed file describes it, before import.
public struct HardwareToken: Sendable, Equatable, Codable {
    public var serialNumber: String
    /// The seed in Base32, as vendors ship it.
    public var base32Seed: String
    public var algorithm: String?
    public var digits: Int?
    public var period: Int?

    public init(
        serialNumber: String, base32Seed: String, algorithm: String? = nil, digits: Int? = nil, period: Int? = nil
    ) {
        self.serialNumber = serialNumber
        self.base32Seed = base32Seed
        self.algorithm = algorithm
        self.digits = digits
        self.period = period
    }
}

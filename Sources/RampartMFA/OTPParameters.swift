/// How a TOTP device turns its secret and the time into a code.
///
/// The initialiser does not validate, so that stored parameters always load; `isValid` says whether they are ones
/// this server issues and accepts, and decoding refuses invalid ones so a corrupt record cannot reach `TOTP`.
public struct OTPParameters: Sendable, Codable, Equatable, Hashable {
    /// The code lengths authenticator apps support.
    public static let allowedDigits = 6...8
    /// A step of one second up to an hour: shorter or longer steps are not something any device does.
    public static let allowedPeriods = 1...3600
    /// What AWS virtual MFA devices use: HMAC-SHA1, 6 digits, 30-second steps.
    public static let standard = OTPParameters()

    public var algorithm: OTPAlgorithm
    public var digits: Int
    /// Seconds per time step.
    public var period: Int

    public init(algorithm: OTPAlgorithm = .sha1, digits: Int = 6, period: Int = 30) {
        self.algorithm = algorithm
        self.digits = digits
        self.period = period
    }

    public var isValid: Bool {
        Self.allowedDigits.contains(digits) && Self.allowedPeriods.contains(period)
    }

    private enum CodingKeys: String, CodingKey {
        case algorithm, digits, period
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            algorithm: try container.decode(OTPAlgorithm.self, forKey: .algorithm),
            digits: try container.decode(Int.self, forKey: .digits),
            period: try container.decode(Int.self, forKey: .period))
        guard isValid else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "OTP parameters out of range: \(digits) digits, \(period) s period"))
        }
    }
}

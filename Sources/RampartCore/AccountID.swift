/// A 12-digit AWS account id. Parsing refuses anything else, so an `AccountID` in hand is valid.
public struct AccountID: Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init?(_ text: String) {
        guard text.utf8.count == 12, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        rawValue = text
    }

    public init<G: RandomNumberGenerator>(random generator: inout G) {
        var digits = String(UInt8.random(in: 1...9, using: &generator))
        for _ in 0..<11 { digits += String(UInt8.random(in: 0...9, using: &generator)) }
        rawValue = digits
    }

    /// A random id that none of `taken` has.
    public static func unused(avoiding taken: Set<AccountID>) -> AccountID {
        var generator = SystemRandomNumberGenerator()
        var id = AccountID(random: &generator)
        while taken.contains(id) { id = AccountID(random: &generator) }
        return id
    }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let id = AccountID(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not an account id"))
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

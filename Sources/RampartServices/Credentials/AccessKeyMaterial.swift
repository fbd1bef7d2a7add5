import RampartCore

/// Fresh access key ids and secrets. Secrets are 40 characters of base64 alphabet drawn from
/// the system CSPRNG (240 bits), like AWS's.
public enum AccessKeyMaterial {
    static let secretAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    public static func newId() -> String {
        UniqueID.make(.accessKey, length: 20)
    }

    /// Temporary key ids are never stored, so they carry their account: eight base32
    /// characters (40 bits, enough for any 12-digit id) after `ASIA`, then eight random ones.
    /// `GetAccessKeyInfo` reads the account back from the id alone, as AWS does.
    public static func newTemporaryId(account: AccountID) -> String {
        var number = UInt64(account.rawValue) ?? 0
        var encoded = [UInt8](repeating: 0, count: 8)
        for index in stride(from: 7, through: 0, by: -1) {
            encoded[index] = UniqueID.alphabet[Int(number & 31)]
            number >>= 5
        }
        let random = UniqueID.make(.temporaryAccessKey, length: 12).dropFirst(4)
        return "ASIA" + String(decoding: encoded, as: UTF8.self) + random
    }

    /// The account a temporary key id was issued for, or nil if it is not one of ours.
    public static func account(ofTemporaryId id: String) -> AccountID? {
        let bytes = Array(id.utf8)
        guard id.hasPrefix("ASIA"), bytes.count == 20 else { return nil }
        var number: UInt64 = 0
        for byte in bytes[4..<12] {
            guard let value = UniqueID.alphabet.firstIndex(of: byte) else { return nil }
            number = number << 5 | UInt64(value)
        }
        let digits = String(number)
        return AccountID(String(repeating: "0", count: max(0, 12 - digits.count)) + digits)
    }

    public static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8]()
        bytes.reserveCapacity(40)
        for _ in 0..<40 { bytes.append(secretAlphabet[Int(generator.next() & 63)]) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The associated data that binds a sealed secret to its key id.
    public static func sealingContext(_ accessKeyId: String) -> String { "access-key/\(accessKeyId)" }
}

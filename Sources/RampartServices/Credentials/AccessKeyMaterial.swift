import RampartCore

/// Fresh access key ids and secrets. Secrets are 40 characters of base64 alphabet drawn from
/// the system CSPRNG (240 bits), like AWS's.
public enum AccessKeyMaterial {
    static let secretAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    public static func newId(temporary: Bool = false) -> String {
        UniqueID.make(temporary ? .temporaryAccessKey : .accessKey, length: 20)
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

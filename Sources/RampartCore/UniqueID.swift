/// AWS-style unique identifiers: a four-letter prefix that says what the id names, then
/// random characters from AWS's alphabet (upper-case letters and digits 2–7, as base32).
public enum UniqueID {
    public enum Prefix: String, Sendable {
        case user = "AIDA"
        case group = "AGPA"
        case role = "AROA"
        case policy = "ANPA"
        case accessKey = "AKIA"
        case temporaryAccessKey = "ASIA"
        case mfaDevice = "AMFA"
        case instanceProfile = "AIPA"
        case sshPublicKey = "APKA"
        case serverCertificate = "ASCA"
        case serviceSpecificCredential = "ACCA"
    }

    public static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    /// `length` is the whole id: 21 for entity ids, 20 for access key ids, as AWS issues them.
    public static func make<G: RandomNumberGenerator>(_ prefix: Prefix, length: Int = 21, using generator: inout G)
        -> String
    {
        var bytes = Array(prefix.rawValue.utf8)
        while bytes.count < length {
            bytes.append(alphabet[Int(generator.next() % UInt64(alphabet.count))])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func make(_ prefix: Prefix, length: Int = 21) -> String {
        var generator = SystemRandomNumberGenerator()
        return make(prefix, length: length, using: &generator)
    }
}

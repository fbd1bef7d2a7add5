/// Authenticator data (WebAuthn §6.1): what the authenticator signs besides the client data hash.
///
/// Layout: rpIdHash (32 bytes), flags (1), signCount (4, big-endian), then attested credential data when the AT flag
/// is set, then a CBOR map of extension outputs when the ED flag is set, and nothing else. The parser refuses a flag
/// that announces a part which is missing, a part no flag announces (trailing bytes), a credential id over 1023
/// bytes, and BS (backed up) without BE (backup eligible), which the specification (Level 3) says cannot happen.
public struct AuthenticatorData: Sendable, Equatable {
    public struct Flags: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8

        public init(rawValue: UInt8) {
            self.rawValue = rawValue
        }

        /// UP: the user was present (touched the authenticator).
        public static let userPresent = Flags(rawValue: 0x01)
        /// UV: the authenticator verified the user (PIN, biometrics).
        public static let userVerified = Flags(rawValue: 0x04)
        /// BE: the credential may be backed up (synced), fixed when it is created.
        public static let backupEligible = Flags(rawValue: 0x08)
        /// BS: the credential is currently backed up.
        public static let backedUp = Flags(rawValue: 0x10)
        /// AT: attested credential data follows the counter.
        public static let attestedCredentialData = Flags(rawValue: 0x40)
        /// ED: extension outputs follow.
        public static let extensionData = Flags(rawValue: 0x80)
    }

    /// The whole of it as received: assertion signatures cover these bytes.
    public let bytes: [UInt8]
    /// SHA-256 of the relying party id the credential is scoped to.
    public let rpIdHash: [UInt8]
    public let flags: Flags
    public let signCount: UInt32
    public let attestedCredentialData: AttestedCredentialData?
    /// The extension outputs, a CBOR map, when the ED flag is set.
    public let extensions: CBOR?

    public init(bytes: [UInt8]) throws(WebAuthnError) {
        guard bytes.count >= 37 else {
            throw .malformedAuthenticatorData("\(bytes.count) bytes, shorter than the fixed 37")
        }
        let flags = Flags(rawValue: bytes[32])
        if flags.contains(.backedUp) && !flags.contains(.backupEligible) {
            throw .invalidFlags("backed up (BS) without backup eligible (BE)")
        }
        var position = 37
        var attested: AttestedCredentialData?
        if flags.contains(.attestedCredentialData) {
            guard bytes.count >= position + 18 else {
                throw .malformedAuthenticatorData("attested credential data cut short")
            }
            let aaguid = Array(bytes[position..<(position + 16)])
            let idLength = Int(bytes[position + 16]) << 8 | Int(bytes[position + 17])
            position += 18
            guard idLength <= AttestedCredentialData.maximumCredentialIdLength else {
                throw .credentialIdTooLong(idLength)
            }
            guard bytes.count >= position + idLength else {
                throw .malformedAuthenticatorData("credential id cut short")
            }
            let credentialId = Array(bytes[position..<(position + idLength)])
            position += idLength
            guard position < bytes.count else { throw .malformedAuthenticatorData("no credential public key") }
            let (key, keyLength) = try CBOR.decodePrefix(bytes[position...])
            attested = AttestedCredentialData(
                aaguid: aaguid, credentialId: credentialId,
                publicKeyBytes: Array(bytes[position..<(position + keyLength)]), publicKey: key)
            position += keyLength
        }
        var extensions: CBOR?
        if flags.contains(.extensionData) {
            guard position < bytes.count else { throw .malformedAuthenticatorData("ED flag set, no extensions") }
            let (item, length) = try CBOR.decodePrefix(bytes[position...])
            guard item.mapValue != nil else { throw .malformedAuthenticatorData("extensions are not a CBOR map") }
            extensions = item
            position += length
        }
        guard position == bytes.count else {
            throw .malformedAuthenticatorData("\(bytes.count - position) bytes after the last part the flags announce")
        }
        self.bytes = bytes
        self.rpIdHash = Array(bytes[0..<32])
        self.flags = flags
        self.signCount = UInt32(bytes[33]) << 24 | UInt32(bytes[34]) << 16 | UInt32(bytes[35]) << 8 | UInt32(bytes[36])
        self.attestedCredentialData = attested
        self.extensions = extensions
    }

    public var userPresent: Bool { flags.contains(.userPresent) }
    public var userVerified: Bool { flags.contains(.userVerified) }
    public var backupEligible: Bool { flags.contains(.backupEligible) }
    public var backedUp: Bool { flags.contains(.backedUp) }
}

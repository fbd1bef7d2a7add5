/// The attestation object of a registration response (WebAuthn §6.5): a CBOR map of the attestation statement
/// format, the statement, and the authenticator data.
public struct AttestationObject: Sendable, Equatable {
    /// The attestation statement format identifier, such as "none" or "packed".
    public let format: String
    /// The format-specific statement, a CBOR map.
    public let statement: CBOR.Map
    public let authenticatorData: AuthenticatorData

    /// Parses exactly one CBOR map with text keys only: `fmt` (text), `attStmt` (map) and `authData` (bytes).
    public init(bytes: [UInt8]) throws(WebAuthnError) {
        guard let map = try CBOR(bytes: bytes).mapValue else {
            throw .malformedAttestationObject("not a CBOR map")
        }
        for entry in map.entries where entry.key.textValue == nil {
            throw .malformedAttestationObject("map key \(entry.key) is not text")
        }
        guard let format = map["fmt"]?.textValue else { throw .malformedAttestationObject("no text fmt") }
        guard let statement = map["attStmt"]?.mapValue else { throw .malformedAttestationObject("no map attStmt") }
        guard let authData = map["authData"]?.bytesValue else {
            throw .malformedAttestationObject("no byte string authData")
        }
        self.format = format
        self.statement = statement
        self.authenticatorData = try AuthenticatorData(bytes: authData)
    }
}

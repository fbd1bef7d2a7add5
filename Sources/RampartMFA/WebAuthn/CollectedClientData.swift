import Foundation

/// The client data a browser collects and the authenticator signs a hash of (WebAuthn §5.8.1), parsed from the
/// `clientDataJSON` bytes of a registration or authentication response.
///
/// Other members (such as `extraData`, or ones future clients add) are ignored, as the specification requires.
public struct CollectedClientData: Sendable, Equatable {
    /// The JSON exactly as received: both ceremonies sign its SHA-256.
    public let bytes: [UInt8]
    /// "webauthn.create" or "webauthn.get".
    public let type: String
    /// The challenge, decoded from its base64url text.
    public let challenge: [UInt8]
    public let origin: String
    /// Absent is false.
    public let crossOrigin: Bool
    public let topOrigin: String?

    private struct Members: Decodable {
        let type: String
        let challenge: String
        let origin: String
        let crossOrigin: Bool?
        let topOrigin: String?
    }

    public init(json: [UInt8]) throws(WebAuthnError) {
        let members: Members
        do {
            members = try JSONDecoder().decode(Members.self, from: Data(json))
        } catch let DecodingError.keyNotFound(key, _) {
            throw .malformedClientData("no \(key.stringValue)")
        } catch let DecodingError.typeMismatch(_, context) {
            throw .malformedClientData(
                "\(context.codingPath.map(\.stringValue).joined(separator: ".")) has the wrong type")
        } catch let DecodingError.valueNotFound(_, context) {
            throw .malformedClientData("\(context.codingPath.map(\.stringValue).joined(separator: ".")) is null")
        } catch {
            throw .malformedClientData("not a JSON object")
        }
        guard let challenge = Base64URL.decode(members.challenge) else {
            throw .malformedClientData("challenge is not unpadded base64url")
        }
        self.bytes = json
        self.type = members.type
        self.challenge = challenge
        self.origin = members.origin
        self.crossOrigin = members.crossOrigin ?? false
        self.topOrigin = members.topOrigin
    }
}

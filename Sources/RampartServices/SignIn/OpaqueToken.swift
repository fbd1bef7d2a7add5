import Crypto
import Foundation
import RampartCore

/// A random bearer value for a cookie (sign-in flow, console session, CSRF): 256 bits, base64url. Stores
/// keep only its SHA-256, so reading the database gives no one a usable session.
public struct OpaqueToken: Sendable, Equatable {
    public let value: String

    public init(value: String) {
        self.value = value
    }

    public static func random() -> OpaqueToken {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let text = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return OpaqueToken(value: text)
    }

    /// The store key: hex SHA-256 of the value.
    public var hash: String {
        Hex.string(SHA256.hash(data: Data(value.utf8)))
    }
}

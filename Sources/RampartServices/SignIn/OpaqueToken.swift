import Crypto
import Foundation
import RampartCore
import RampartMFA

/// A random bearer value for a cookie (sign-in flow, console session, CSRF): 256 bits, base64url. Stores
/// keep only its SHA-256, so reading the database gives no one a usable session.
public struct OpaqueToken: Sendable, Equatable {
    public let value: String

    public init(value: String) {
        self.value = value
    }

    public static func random() -> OpaqueToken {
        OpaqueToken(value: Base64URL.encode(RandomBytes.make(32)))
    }

    /// The store key: hex SHA-256 of the value.
    public var hash: String {
        Hex.string(SHA256.hash(data: Data(value.utf8)))
    }
}

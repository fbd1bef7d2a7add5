import Foundation
import RampartCore
import RampartStore

/// The token `SendDelegationToken` releases and STS `GetDelegatedAccessToken` takes back: the request's id
/// and a random nonce, sealed with AES-GCM under the master key (bound to its purpose), so a token is
/// only ever one Rampart issued, unchanged, for the request it names. Whether it may still be exchanged
/// is the request's to say (state, window, single use).
struct DelegationTradeInToken: Equatable {
    static let context = "iam-delegation-trade-in-token"

    var requestId: String
    var nonce: String

    init(requestId: String, nonce: String) {
        self.requestId = requestId
        self.nonce = nonce
    }

    /// A fresh token for a request.
    static func make(for requestId: String) -> DelegationTradeInToken {
        DelegationTradeInToken(requestId: requestId, nonce: Hex.string(RandomBytes.make(16)))
    }

    func sealed(with secrets: SecretBox) throws -> String {
        let plain = Array("\(requestId)|\(nonce)".utf8)
        return Data(try secrets.seal(plain, boundTo: Self.context)).base64EncodedString()
    }

    /// Nil for anything Rampart did not seal for this purpose.
    init?(opening token: String, with secrets: SecretBox) {
        guard token.utf8.count <= 4096, let data = Data(base64Encoded: token),
            let plain = try? secrets.open(Array(data), boundTo: Self.context)
        else { return nil }
        let parts = String(decoding: plain, as: UTF8.self).split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        self.init(requestId: String(parts[0]), nonce: String(parts[1]))
    }
}

import Crypto
import Foundation
import RampartCore
import RampartMFA
import RampartPolicy
import RampartStore

/// Seals the details of a denial into the opaque text AWS calls an encoded authorization message,
/// and opens it again for `DecodeAuthorizationMessage`. AES-256-GCM under a key derived from the
/// master key, bound to the denied caller's account: the details (policies, condition values) are
/// for that account's administrators, so a message decodes only in the account it came from, and an
/// altered one not at all.
public struct AuthorizationMessageSealer: Sendable {
    /// The model's bound on `EncodedMessage`.
    static let maximumLength = 10_240

    private let key: SymmetricKey

    public init(masterKey: MasterKey) {
        key = masterKey.derived(for: "rampart authorization-message v1")
    }

    /// `denial` with the encoded message appended, in AWS's words.
    public func encode(_ denial: AWSError, request: AuthorizationRequest, result: EvaluationResult?) -> AWSError {
        let message = AuthorizationMessage(request, result: result, denial: denial)
        // Condition keys go first when the text would not fit the model's bound: halve them until it does.
        var limit = message.conditions.count
        while true {
            guard let sealed = seal(message.json(conditionLimit: limit), account: request.principal.account) else {
                return denial
            }
            if sealed.count <= Self.maximumLength || limit == 0 {
                var encoded = denial
                encoded.message += " Encoded authorization failure message: " + sealed
                return encoded
            }
            limit /= 2
        }
    }

    /// The decoded JSON text, or nil for a message this server did not seal for `account`.
    public func decode(_ text: String, account: AccountID) -> String? {
        guard let bytes = Base64URL.decode(text), let box = try? AES.GCM.SealedBox(combined: bytes),
            let plain = try? AES.GCM.open(box, using: key, authenticating: Data(account.rawValue.utf8))
        else { return nil }
        return String(decoding: plain, as: UTF8.self)
    }

    private func seal(_ plain: [UInt8], account: AccountID) -> String? {
        guard let box = try? AES.GCM.seal(plain, using: key, authenticating: Data(account.rawValue.utf8)),
            let combined = box.combined
        else { return nil }
        return Base64URL.encode(Array(combined))
    }
}

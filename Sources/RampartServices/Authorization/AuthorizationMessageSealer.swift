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
///
/// The key outlives master-key rotations (`LongLivedDataKey.authorizationMessages`): a message a
/// client holds decodes after a rotation and after a restart with the new key file alone.
public struct AuthorizationMessageSealer: Sendable {
    /// The model's bound on `EncodedMessage`.
    static let maximumLength = 10_240

    private let key: SymmetricKey
    /// Keys that also open a message: those derived from every master key of the ring, for a
    /// message sealed by an instance that had not yet loaded the stored key.
    private let alsoOpening: [SymmetricKey]

    /// Seals with `key`; opens with it or any of `alsoOpening`.
    init(key: SymmetricKey, alsoOpening: [SymmetricKey] = []) {
        self.key = key
        self.alsoOpening = alsoOpening
    }

    /// Before any rotation: the key derived from the master key.
    public init(masterKey: MasterKey) {
        self.init(key: LongLivedDataKey.authorizationMessages.derived(from: masterKey))
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
        guard let bytes = Base64URL.decode(text), let box = try? AES.GCM.SealedBox(combined: bytes) else { return nil }
        let context = Data(account.rawValue.utf8)
        for candidate in [key] + alsoOpening {
            if let plain = try? AES.GCM.open(box, using: candidate, authenticating: context) {
                return String(decoding: plain, as: UTF8.self)
            }
        }
        return nil
    }

    private func seal(_ plain: [UInt8], account: AccountID) -> String? {
        guard let box = try? AES.GCM.seal(plain, using: key, authenticating: Data(account.rawValue.utf8)),
            let combined = box.combined
        else { return nil }
        return Base64URL.encode(Array(combined))
    }
}

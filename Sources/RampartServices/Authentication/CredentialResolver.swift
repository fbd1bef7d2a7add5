import Crypto
import Foundation
import RampartCore
import RampartStore

/// Finds who an access key id belongs to and the secret that must have signed the request.
/// Long-term keys come from the store; temporary keys from their sealed session token.
public struct CredentialResolver: Sendable {
    public struct Resolved: Sendable {
        public var principal: Principal
        /// Differs between any two secrets of the key: the sealed secret of a long-term key, a hash
        /// of a temporary key's. A signature check that already holds a signing key derived from
        /// this secret needs nothing else.
        public var secretIdentity: [UInt8]
        /// The secret in the clear, for deriving a signing key; nil if it cannot be opened.
        public var secretAccessKey: @Sendable () -> String?
    }

    let environment: ServiceEnvironment

    public init(environment: ServiceEnvironment) {
        self.environment = environment
    }

    public func resolve(accessKeyId: String, sessionToken: String?, now: Date) throws(AWSError) -> Resolved {
        if let sessionToken {
            guard let session = environment.sessionTokens.open(sessionToken), session.accessKeyId == accessKeyId else {
                throw AuthenticationErrors.invalidClientTokenId
            }
            guard now < session.expiresAt else { throw AuthenticationErrors.expiredToken }
            let secret = session.secretAccessKey
            return Resolved(
                principal: session.principal, secretIdentity: Array(SHA256.hash(data: Array(secret.utf8))),
                secretAccessKey: { secret })
        }
        if accessKeyId.hasPrefix("ASIA") { throw AuthenticationErrors.invalidClientTokenId }
        let snapshot = environment.store.snapshot()
        guard let key = snapshot.get(AccessKey.self, accessKeyId), key.status == .active else {
            throw AuthenticationErrors.invalidClientTokenId
        }
        // Opened only when no signing key derived from this secret is cached (see SigningSecret).
        let secrets = environment.secrets
        let sealed = key.sealedSecret
        let context = AccessKeyMaterial.sealingContext(key.id)
        let secret: @Sendable () -> String? = {
            (try? secrets.open(sealed, boundTo: context)).map { String(decoding: $0, as: UTF8.self) }
        }
        if let userName = key.userName {
            guard let user = snapshot.get(User.self, User.key(key.account, userName)) else {
                throw AuthenticationErrors.invalidClientTokenId
            }
            return Resolved(
                principal: Principal(
                    account: key.account, kind: .user, name: user.name, userId: user.id, arn: user.arn, session: nil,
                    accessKeyId: key.id),
                secretIdentity: sealed, secretAccessKey: secret)
        }
        return Resolved(
            principal: Principal(
                account: key.account, kind: .root, name: "root", userId: key.account.rawValue,
                arn: "arn:aws:iam::\(key.account.rawValue):root", session: nil, accessKeyId: key.id),
            secretIdentity: sealed, secretAccessKey: secret)
    }
}

/// The authentication failures AWS reports once the signature's key id has been looked up.
public enum AuthenticationErrors {
    public static let invalidClientTokenId = AWSError(
        code: "InvalidClientTokenId", message: "The security token included in the request is invalid.",
        httpStatus: 403)
    public static let expiredToken = AWSError(
        code: "ExpiredToken", message: "The security token included in the request is expired", httpStatus: 403)
}

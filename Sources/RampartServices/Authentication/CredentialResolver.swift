import Foundation
import RampartCore
import RampartSigV4
import RampartStore

/// Finds who an access key id belongs to and the secret that must have signed the request.
/// Long-term keys come from the store; temporary keys from their sealed session token. Either way the
/// principal's account is read once, here: it must exist, and its partition names the principal (and
/// every ARN the request builds) and says in which regions the credentials are valid; its
/// organization is what the request's audit event is recorded under.
public struct CredentialResolver: Sendable {
    public struct Resolved: Sendable {
        /// Named in its account's partition (`principal.partition`).
        public var principal: Principal
        /// What the signature must have been made with; a long-term key's secret is opened only if
        /// no signing key derived from it is cached.
        public var secret: SigningSecret
        /// The organization the principal's account belongs to now, nil outside one.
        public var organization: String?
    }

    let environment: ServiceEnvironment

    public init(environment: ServiceEnvironment) {
        self.environment = environment
    }

    public func resolve(accessKeyId: String, sessionToken: String?, now: Date) throws(AWSError) -> Resolved {
        if let sessionToken {
            guard let session = environment.sessionTokens.open(sessionToken), session.accessKeyId == accessKeyId else {
                throw AWSError.invalidClientTokenId
            }
            guard now < session.expiresAt else { throw AWSError.expiredToken }
            let snapshot = environment.store.snapshot()
            guard let account = snapshot.get(Account.self, session.account.rawValue) else {
                throw AWSError.invalidClientTokenId
            }
            let principal = session.principal(in: account.effectivePartition)
            // The token is bound to its principal's unique id, not its name: once that user or
            // role is deleted (and whoever gets its name next is another principal) the token is
            // worth nothing. AWS answers some calls of a deleted role's session with AccessDenied;
            // we refuse the credential itself, as AWS does for a token it no longer recognizes, so
            // nothing (not even GetCallerIdentity) runs as a principal that no longer exists.
            guard snapshot.holds(principal) else { throw AWSError.invalidClientTokenId }
            return Resolved(
                principal: principal, secret: SigningSecret(plaintext: session.secretAccessKey),
                organization: account.membership?.organizationId)
        }
        if accessKeyId.hasPrefix("ASIA") { throw AWSError.invalidClientTokenId }
        let snapshot = environment.store.snapshot()
        guard let key = snapshot.get(AccessKey.self, accessKeyId), key.status == .active,
            let account = snapshot.get(Account.self, key.account.rawValue)
        else {
            throw AWSError.invalidClientTokenId
        }
        let partition = account.effectivePartition
        // Opened only when no signing key derived from this secret is cached (see SigningSecret).
        let secrets = environment.secrets
        let sealed = key.sealedSecret
        let context = AccessKeyMaterial.sealingContext(key.id)
        let secret = SigningSecret(identity: sealed) {
            (try? secrets.open(sealed, boundTo: context)).map { String(decoding: $0, as: UTF8.self) }
        }
        if let userName = key.userName {
            // DeleteUser refuses while the user has keys, so a key cannot outlive its user; the id
            // check makes sure of it for keys bound to one (keys made before ids were recorded have
            // none and are matched by name).
            guard let user = snapshot.get(User.self, User.key(key.account, userName)),
                key.userId == nil || key.userId == user.id
            else {
                throw AWSError.invalidClientTokenId
            }
            return Resolved(
                principal: Principal(
                    account: key.account, kind: .user, name: user.name, userId: user.id,
                    arn: user.arn(in: partition), session: nil, accessKeyId: key.id, partition: partition),
                secret: secret, organization: account.membership?.organizationId)
        }
        return Resolved(
            principal: Principal(
                account: key.account, kind: .root, name: "root", userId: key.account.rawValue, arn: account.rootArn,
                session: nil, accessKeyId: key.id, partition: partition),
            secret: secret, organization: account.membership?.organizationId)
    }
}

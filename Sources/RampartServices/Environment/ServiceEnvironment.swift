import Crypto
import RampartCore
import RampartStore

/// Everything the operations depend on, passed in rather than reached for: the store, the
/// clock, the secret box, the password hasher and the session-token sealer. A class: every
/// service and handler holds it, and copying a struct of seven references cost a retain and a
/// release of each, several times per request.
public final class ServiceEnvironment: Sendable {
    public let store: any Store
    public let clock: any Clock
    public let secrets: SecretBox
    public let passwords: PasswordHasher
    public let sessionTokens: SessionTokenSealer
    public let authorizer: any Authorizer
    /// Keys the HMAC of recovery codes.
    public let recoveryCodeKey: SymmetricKey
    /// Moves the secrets to a new master key while serving; nil when the server was not told where
    /// its key file is (tests that make an environment in memory).
    public let masterKeyRotation: MasterKeyRotation?
    /// Replaces the audit trail's signing key while serving; nil like `masterKeyRotation`.
    public let auditKeyRotation: AuditSigningKeyRotation?
    /// The mandate rollout's wave placements, per store generation.
    public let mandatePlans = MandatePlanCache()
    /// How many accounts one organization may hold (AWS's quota is adjustable; so is this one).
    public let organizationAccountLimit: Int
    /// Counts second-factor checks and sign-in steps for the operator's dashboards.
    public let metrics: any SecurityMetrics
    /// How many server certificates one account may hold (AWS's default quota is 20, adjustable there).
    public let serverCertificateLimit: Int
    /// The key sets of the OIDC issuers web identity tokens come from, fetched on demand.
    public let issuerKeys: IssuerKeyCache
    /// Where this server is reached from outside (scheme, host, port): the outbound issuer URLs of
    /// `GetWebIdentityToken` live under it, so relying parties can fetch their documents.
    public let outboundIssuerOrigin: String
    /// Seals denials' details for `DecodeAuthorizationMessage` (when the server encodes them).
    public let authorizationMessages: AuthorizationMessageSealer

    public convenience init(
        store: any Store, clock: any Clock, masterKey: MasterKey, passwords: PasswordHasher = PasswordHasher()
    ) {
        self.init(store: store, clock: clock, masterKeys: MasterKeyring(primary: masterKey), passwords: passwords)
    }

    /// `keyFiles` says where `masterKeys` and the audit signing key came from, which rotations rewrite.
    public init(
        store: any Store, clock: any Clock, masterKeys: MasterKeyring, keyFiles: KeyFiles? = nil,
        passwords: PasswordHasher = PasswordHasher(),
        authorizer: any Authorizer = PolicyAuthorizer(), organizationAccountLimit: Int = Limits.organizationAccounts,
        metrics: any SecurityMetrics = NoSecurityMetrics(),
        serverCertificateLimit: Int = Limits.serverCertificatesPerAccount,
        issuerKeys: IssuerKeyCache = IssuerKeyCache(),
        outboundIssuerOrigin: String = "http://localhost:9430"
    ) {
        self.issuerKeys = issuerKeys
        self.outboundIssuerOrigin = outboundIssuerOrigin
        self.metrics = metrics
        self.organizationAccountLimit = organizationAccountLimit
        self.serverCertificateLimit = serverCertificateLimit
        self.store = store
        self.clock = clock
        let secrets = SecretBox(keyring: masterKeys)
        let sessionTokens = SessionTokenSealer(masterKey: masterKeys.primary)
        let snapshot = store.snapshot()
        MasterKeyRotation.install(
            masterKeys, snapshot: snapshot, now: clock.now, secrets: secrets, sessionTokens: sessionTokens)
        self.secrets = secrets
        self.passwords = passwords
        self.sessionTokens = sessionTokens
        self.authorizer = authorizer
        self.recoveryCodeKey = LongLivedDataKey.recoveryCodes.load(masterKeys, snapshot: snapshot, secrets: secrets)
        let messageKey = LongLivedDataKey.authorizationMessages
        self.authorizationMessages = AuthorizationMessageSealer(
            key: messageKey.load(masterKeys, snapshot: snapshot, secrets: secrets),
            alsoOpening: masterKeys.all.map(messageKey.derived(from:)))
        self.masterKeyRotation = keyFiles.map {
            MasterKeyRotation(
                ring: masterKeys, keyFile: $0.masterKey, refusal: $0.rotationRefusal, store: store, clock: clock,
                secrets: secrets, sessionTokens: sessionTokens, fleet: $0.fleet)
        }
        self.auditKeyRotation = keyFiles.map {
            AuditSigningKeyRotation(
                store: store, clock: clock, signer: $0.auditSigner, keyFile: $0.auditSigningKey,
                refusal: $0.rotationRefusal, secrets: secrets, sealsInStore: $0.fleet != nil)
        }
    }
}

import Foundation

/// Everything temporary credentials carry. It travels inside the session token, sealed with
/// AES-GCM, so a request with temporary credentials is verified without a database lookup and
/// any change to the token is detected.
public struct TemporarySession: Codable, Sendable, Equatable {
    /// `assumeRoot`: a member's root user, opened by its organization's management account (or IAM's delegated
    /// administrator) and limited by the task policy in `sessionPolicyArns`.
    /// `getFederationToken`: a federated user of the IAM user (or root) named by `name` and
    /// `principalId`; `roleSessionName` holds the federated user's name.
    /// `assumeRoleWithWebIdentity`: a role session opened with a verified OIDC token; `federatedProvider`
    /// names the provider. `assumeRoleWithSAML`: the same with a verified SAML assertion.
    public enum Source: String, Codable, Sendable {
        case getSessionToken, assumeRole, console, assumeRoot, getFederationToken, assumeRoleWithWebIdentity
        case assumeRoleWithSAML
        /// `getDelegatedAccessToken`: a partner's session as the identity that accepted its delegation request,
        /// limited to the request's permission policy (`sessionPolicy`).
        case getDelegatedAccessToken
    }

    public var source: Source
    public var accessKeyId: String
    public var secretAccessKey: String
    public var account: AccountID
    public var kind: Principal.Kind
    /// The user name (GetSessionToken) or the role name (AssumeRole).
    public var name: String
    /// The user's path or the role's path, for ARNs.
    public var path: String
    /// The user's or role's unique id.
    public var principalId: String
    public var roleSessionName: String?
    public var issuedAt: Date
    public var expiresAt: Date
    /// When an MFA code was verified for this session; nil when none was.
    public var mfaAuthenticatedAt: Date?
    public var sessionPolicy: String?
    public var sessionPolicyArns: [String]
    public var tags: [Tag]
    public var sourceIdentity: String?
    /// The ARN of the identity provider a federated session came through (CloudTrail's
    /// `webIdFederationData.federatedProvider`); nil for every other session.
    public var federatedProvider: String?

    public init(
        source: Source, accessKeyId: String, secretAccessKey: String, account: AccountID, kind: Principal.Kind,
        name: String, path: String, principalId: String, roleSessionName: String?, issuedAt: Date, expiresAt: Date
    ) {
        self.source = source
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.account = account
        self.kind = kind
        self.name = name
        self.path = path
        self.principalId = principalId
        self.roleSessionName = roleSessionName
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.sessionPolicyArns = []
        self.tags = []
    }

    /// A member root user's privileged session (`sts:AssumeRoot`): `aws:AssumedRoot` is true for it.
    public var isAssumedRoot: Bool { source == .assumeRoot }

    /// The principal these credentials act as, named in `partition`: its account's, which the token
    /// does not carry (an account never changes partition).
    public func principal(in partition: Partition) -> Principal {
        switch kind {
        case .root:
            return Principal(
                account: account, kind: .root, name: "root", userId: account.rawValue,
                arn: ARN.root(partition, account), session: self, accessKeyId: accessKeyId, partition: partition)
        case .user:
            return Principal(
                account: account, kind: .user, name: name, userId: principalId,
                arn: ARN.iam(partition, account: account.rawValue, "user\(path)\(name)"), session: self,
                accessKeyId: accessKeyId, partition: partition)
        case .federatedUser:
            // Named by the caller's choice, not by the user who issued it: `<account>:<name>`.
            let federated = roleSessionName ?? ""
            return Principal(
                account: account, kind: .federatedUser, name: name, userId: "\(account.rawValue):\(federated)",
                arn: ARN.sts(partition, account: account.rawValue, "federated-user/\(federated)"), session: self,
                accessKeyId: accessKeyId, partition: partition)
        case .assumedRole:
            let session = roleSessionName ?? ""
            return Principal(
                account: account, kind: kind, name: name, userId: "\(principalId):\(session)",
                arn: ARN.sts(partition, account: account.rawValue, "assumed-role/\(name)/\(session)"), session: self,
                accessKeyId: accessKeyId, partition: partition)
        }
    }
}

import Foundation

/// Who is making a request, as established by authentication: the identity and the
/// credential it used. The authorizer and every operation read this, never the raw request.
public struct Principal: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable { case root, user, assumedRole, federatedUser }

    public var account: AccountID
    public var kind: Kind
    /// The user name, or the role name for an assumed role; "root" for the root user.
    public var name: String
    /// AIDA… for users, AROA…:session for role sessions, the account id for root.
    public var userId: String
    public var arn: String
    /// Nil for long-term access keys; the session's facts for temporary credentials.
    public var session: TemporarySession?
    public var accessKeyId: String
    /// The partition of the principal's account: every ARN the request names or builds is in it.
    public var partition: Partition

    public init(
        account: AccountID, kind: Kind, name: String, userId: String, arn: String, session: TemporarySession?,
        accessKeyId: String, partition: Partition = .commercial
    ) {
        self.account = account
        self.kind = kind
        self.name = name
        self.userId = userId
        self.arn = arn
        self.session = session
        self.accessKeyId = accessKeyId
        self.partition = partition
    }

    /// The unique id of the IAM entity these credentials belong to: the user's `AIDA…`, the role's
    /// `AROA…` (without the session name), the account id for root. Names are reused when an
    /// entity is deleted and another created under its name; this id never is, so it is what
    /// credentials are bound to.
    public var uniqueId: String {
        if let session { return session.principalId }
        return kind == .root ? account.rawValue : userId
    }

    /// `aws:MultiFactorAuthPresent` as AWS sets it: absent for long-term keys, false or true
    /// for temporary credentials. This three-way value is why `BoolIfExists` exists.
    public var multiFactorAuthPresent: Bool? {
        guard let session else { return nil }
        return session.mfaAuthenticatedAt != nil
    }

    /// `aws:MultiFactorAuthAge` in seconds, present only for MFA-authenticated sessions.
    public func multiFactorAuthAge(now: Date) -> Int? {
        guard let at = session?.mfaAuthenticatedAt else { return nil }
        return max(0, Int(now.timeIntervalSince(at)))
    }
}

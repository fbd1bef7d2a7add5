import Foundation
import RampartCore
import RampartPolicy
import RampartStore

extension STSService {
    /// What every federated role session (OIDC or SAML) shows the role's trust policy besides its
    /// provider's own keys: `aws:FederatedProvider`, the session's name, source identity and tags,
    /// and the connection's facts.
    static func federatedSessionContext(
        providerArn: String, roleSessionName: String, sourceIdentity: String?, tags: [Tag], transitiveKeys: [String],
        _ call: CallContext
    ) -> ConditionContext {
        var context = ConditionContext()
        context.set("aws:FederatedProvider", .string(providerArn))
        context.set("sts:RoleSessionName", .string(roleSessionName))
        if let sourceIdentity { context.set("sts:SourceIdentity", .string(sourceIdentity)) }
        for tag in tags { context.set("aws:RequestTag/\(tag.key)", .string(tag.value)) }
        if !tags.isEmpty { context.set("aws:TagKeys", .strings(tags.map(\.key))) }
        if !transitiveKeys.isEmpty { context.set("sts:TransitiveTagKeys", .strings(transitiveKeys)) }
        context.set("aws:SourceIp", .string(call.sourceIp))
        context.set("aws:CurrentTime", .string(Timestamp.iso8601(call.now)))
        context.set("aws:EpochTime", .string(String(Int(call.now.timeIntervalSince1970))))
        context.set("aws:SecureTransport", .string(call.secureTransport ? "true" : "false"))
        context.set("aws:RequestedRegion", .string(call.region))
        return context
    }
}

/// What a verified OIDC token or SAML assertion asks for: a session of `role` for `providerArn`'s
/// subject, judged by the role's trust policy with `context`.
struct FederatedSessionRequest {
    var source: TemporarySession.Source
    /// `sts:AssumeRoleWithWebIdentity` or `sts:AssumeRoleWithSAML`.
    var action: String
    var providerArn: String
    var partition: Partition
    var role: Role
    var roleSessionName: String
    var sourceIdentity: String?
    var tags: [Tag]
    var context: ConditionContext
    var durationSeconds: Int?
    var policy: String?
    var policyArns: [STS.PolicyDescriptorType]?
    /// A moment the session may not outlive (SAML's SessionNotOnOrAfter).
    var notAfter: Date?
    var now: Date
}

extension STSService {
    /// The session a federated request may have: the trust policy must allow the action, and
    /// `sts:TagSession` and `sts:SetSourceIdentity` when the session carries tags or a source
    /// identity; the duration must fit the role; session policies must parse and fit.
    func federatedSession(_ request: FederatedSessionRequest, in snapshot: StoreSnapshot) throws(AWSError)
        -> (session: TemporarySession, packedPolicySize: Int)
    {
        var actions = [request.action]
        if !request.tags.isEmpty { actions.append("sts:TagSession") }
        if request.sourceIdentity != nil { actions.append("sts:SetSourceIdentity") }
        for action in actions {
            let federated = FederatedRequest(
                providerArn: request.providerArn, action: action, partition: request.partition,
                context: request.context)
            guard environment.authorizer.authorizeFederated(federated, role: request.role, in: snapshot) else {
                throw AWSError.accessDenied("Not authorized to perform \(request.action)")
            }
        }
        let duration = request.durationSeconds ?? 3600
        if duration > request.role.maxSessionDuration {
            throw AWSError.validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
        }
        let wireTags = request.tags.map { STS.Tag(key: $0.key, value: $0.value) }
        let packed = try Self.checkSessionPolicies(
            policy: request.policy, tags: wireTags, policyArns: request.policyArns)
        let role = request.role
        var session = TemporarySession(
            source: request.source, accessKeyId: AccessKeyMaterial.newTemporaryId(account: role.account),
            secretAccessKey: AccessKeyMaterial.newSecret(), account: role.account, kind: .assumedRole, name: role.name,
            path: role.path, principalId: role.id, roleSessionName: request.roleSessionName, issuedAt: request.now,
            expiresAt: min(
                request.now.addingTimeInterval(TimeInterval(duration)), request.notAfter ?? .distantFuture))
        session.sessionPolicy = request.policy
        session.sessionPolicyArns = request.policyArns?.compactMap(\.arn) ?? []
        session.tags = request.tags
        session.sourceIdentity = request.sourceIdentity
        session.federatedProvider = request.providerArn
        return (session, packed)
    }
}

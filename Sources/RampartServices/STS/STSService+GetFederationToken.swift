import Foundation
import RampartCore
import RampartPolicy

extension STSService {
    /// A federated user's session: an IAM user (or, against AWS's advice, root) hands out credentials
    /// named `federated-user/<Name>` whose permissions are what both the caller's policies and the
    /// session policies allow; without a session policy they allow nothing. They cannot call IAM,
    /// and of STS only GetCallerIdentity (`SessionTokenRestrictions`).
    public func getFederationToken(_ input: STS.GetFederationTokenRequest, _ call: CallContext) async throws
        -> STS.GetFederationTokenResponse
    {
        let principal = call.principal
        guard principal.session == nil else {
            throw AWSError.accessDenied("Cannot call GetFederationToken with session credentials")
        }
        var duration = input.durationSeconds ?? Limits.defaultSessionTokenDuration
        if principal.kind == .root {
            // As for GetSessionToken, AWS caps root's sessions at an hour instead of refusing.
            duration = min(duration, Limits.rootSessionTokenDuration.upperBound)
        }
        let packed = try Self.checkSessionPolicies(policy: input.policy, tags: input.tags, policyArns: input.policyArns)
        let path =
            principal.kind == .user ? (environment.store.snapshot().user(of: principal)?.path ?? "/") : "/"
        var session = TemporarySession(
            source: .getFederationToken, accessKeyId: AccessKeyMaterial.newTemporaryId(account: principal.account),
            secretAccessKey: AccessKeyMaterial.newSecret(), account: principal.account, kind: .federatedUser,
            name: principal.name, path: path, principalId: principal.uniqueId, roleSessionName: input.name,
            issuedAt: call.now, expiresAt: call.now.addingTimeInterval(TimeInterval(duration)))
        session.sessionPolicy = input.policy
        session.sessionPolicyArns = input.policyArns?.compactMap(\.arn) ?? []
        session.tags = input.tags?.map { Tag(key: $0.key, value: $0.value) } ?? []
        let issued = try credentials(for: session)
        let federated = session.principal(in: principal.partition)
        let user = STS.FederatedUser(federatedUserId: federated.userId, arn: federated.arn)
        TrailResponseElements.report(TrailResponseElements.credentials(issued, federatedUser: user))
        return STS.GetFederationTokenResponse(
            credentials: issued, federatedUser: user, packedPolicySize: packed > 0 ? packed : nil)
    }
}

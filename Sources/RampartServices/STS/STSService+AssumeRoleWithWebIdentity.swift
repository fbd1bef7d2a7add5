import Foundation
import RampartCore
import RampartPolicy
import RampartStore

extension STSService {
    /// A role session for the holder of an OIDC token (a CI job, a workload): an unsigned request, so
    /// the token is all the caller has. It is believed only once its signature verifies with a key
    /// its issuer publishes and its times and audience hold for the provider the role's account
    /// registered; then the role's trust policy weighs the provider's claim keys.
    public func assumeRoleWithWebIdentity(_ input: STS.AssumeRoleWithWebIdentityRequest, _ call: CallContext)
        async throws -> STS.AssumeRoleWithWebIdentityResponse
    {
        guard let arn = ARN(parsing: input.roleArn), arn.service == "iam", arn.resource.hasPrefix("role/"),
            let roleAccount = AccountID(arn.account)
        else { throw AWSError.validation("\(input.roleArn) is invalid") }
        guard input.providerId == nil else {
            throw AWSError.validation(
                "ProviderId is only for OAuth 2.0 access tokens of www.amazon.com and graph.facebook.com; "
                    + "an OpenID Connect ID token names its issuer itself.")
        }
        let partition = arn.partition
        let token = try WebIdentityToken(compact: input.webIdentityToken)
        guard let issuer = token.string("iss"), issuer.lowercased().hasPrefix("https://") else {
            throw AWSError.invalidIdentityToken("Missing or invalid claim 'iss'.")
        }
        let snapshot = environment.store.snapshot()
        guard snapshot.get(Account.self, roleAccount.rawValue)?.effectivePartition == partition,
            let provider = snapshot.get(
                OpenIDConnectProvider.self,
                OpenIDConnectProvider.key(roleAccount, resourceName: OpenIDConnectProvider.resourceName(of: issuer)))
        else { throw AWSError.invalidIdentityToken("No OpenIDConnect provider found in your account for \(issuer)") }
        let providerArn = provider.arn(in: partition)
        TrailCall.current?.responseElements = WebIdentityTrail.caller(provider: providerArn, audience: "", subject: "")

        let verified = try await WebIdentityVerifier(keys: environment.issuerKeys).verify(
            token, provider: provider, now: call.now)
        TrailCall.current?.responseElements = WebIdentityTrail.caller(
            provider: providerArn, audience: verified.audience, subject: verified.subject)
        let sessionTags = try WebIdentitySessionTags(token)
        let sourceIdentity = token.string("https://aws.amazon.com/source_identity")

        let notAuthorized = AWSError.accessDenied("Not authorized to perform sts:AssumeRoleWithWebIdentity")
        let roleName = String(arn.resource.split(separator: "/").last ?? "")
        guard let role = snapshot.get(Role.self, Role.key(roleAccount, roleName)),
            role.arn(in: partition) == input.roleArn
        else { throw notAuthorized }

        let context = Self.webIdentityContext(
            verified, provider: provider, providerArn: providerArn, tags: sessionTags, sourceIdentity: sourceIdentity,
            input: input, call)
        let (session, packed) = try federatedSession(
            FederatedSessionRequest(
                source: .assumeRoleWithWebIdentity, action: "sts:AssumeRoleWithWebIdentity", providerArn: providerArn,
                partition: partition, role: role, roleSessionName: input.roleSessionName,
                sourceIdentity: sourceIdentity, tags: sessionTags.tags, context: context,
                durationSeconds: input.durationSeconds, policy: input.policy, policyArns: input.policyArns,
                notAfter: nil, now: call.now),
            in: snapshot)

        try await recordUse(of: role, call)
        let issued = try credentials(for: session)
        let assumedRoleUser = STS.AssumedRoleUser(
            assumedRoleId: "\(role.id):\(input.roleSessionName)",
            arn: ARN.sts(
                partition, account: role.account.rawValue, "assumed-role/\(role.name)/\(input.roleSessionName)"))
        TrailResponseElements.report(
            WebIdentityTrail.responseElements(
                TrailResponseElements.credentials(
                    issued, assumedRoleUser: assumedRoleUser, sourceIdentity: sourceIdentity),
                provider: providerArn, audience: verified.audience, subject: verified.subject))
        return STS.AssumeRoleWithWebIdentityResponse(
            credentials: issued, subjectFromWebIdentityToken: verified.subject, assumedRoleUser: assumedRoleUser,
            packedPolicySize: packed > 0 ? packed : nil, provider: providerArn, audience: verified.audience,
            sourceIdentity: sourceIdentity)
    }

    /// What the trust policy sees: the provider's claim keys (`HOST/PATH:sub`, `:aud`, `:oaud`, `:amr`,
    /// `:email`), `aws:FederatedProvider`, the session's name, its tags and the connection's facts.
    static func webIdentityContext(
        _ verified: WebIdentityVerifier.Verified, provider: OpenIDConnectProvider, providerArn: String,
        tags: WebIdentitySessionTags, sourceIdentity: String?, input: STS.AssumeRoleWithWebIdentityRequest,
        _ call: CallContext
    ) -> ConditionContext {
        var context = federatedSessionContext(
            providerArn: providerArn, roleSessionName: input.roleSessionName, sourceIdentity: sourceIdentity,
            tags: tags.tags, transitiveKeys: tags.transitiveKeys, call)
        let prefix = provider.resourceName
        let token = verified.token
        context.set("\(prefix):sub", .string(verified.subject))
        context.set("\(prefix):aud", .string(verified.audience))
        let others = token.audiences.filter { $0 != verified.audience }
        if !others.isEmpty { context.set("\(prefix):oaud", .strings(others)) }
        if let amr = token.claims["amr"] {
            let values = (amr as? [Any])?.compactMap { $0 as? String } ?? [(amr as? String)].compactMap { $0 }
            context.set("\(prefix):amr", .strings(values))
        }
        if let email = token.string("email") { context.set("\(prefix):email", .string(email)) }
        return context
    }
}

/// How an AssumeRoleWithWebIdentity call is recorded: the caller is the token's subject (CloudTrail's
/// `WebIdentityUser`), and the answer names the provider, audience and subject besides the
/// credentials (never the token, which `TrailSecrets` keeps out of the parameters).
public enum WebIdentityTrail {
    /// The member of the reported response elements that carries the caller until the request path
    /// builds the event; it is taken out of the elements there.
    public static let callerMember = "__webIdentityUser"

    static func caller(provider: String, audience: String, subject: String) -> TrailValue {
        .members([
            (callerMember, CloudTrailIdentity.webIdentityUser(provider: provider, audience: audience, subject: subject))
        ])
    }

    static func responseElements(_ credentials: TrailValue, provider: String, audience: String, subject: String)
        -> TrailValue
    {
        guard case .object(var members) = credentials else { return credentials }
        members.append(TrailMember("subjectFromWebIdentityToken", .string(subject)))
        members.append(TrailMember("provider", .string(provider)))
        members.append(TrailMember("audience", .string(audience)))
        members.append(
            TrailMember(
                callerMember,
                CloudTrailIdentity.webIdentityUser(provider: provider, audience: audience, subject: subject)))
        return .object(members)
    }

    /// Splits what the operation reported into the caller's identity and the response elements proper.
    public static func split(_ reported: TrailValue?) -> (identity: TrailValue?, elements: TrailValue?) {
        guard case .object(let members) = reported else { return (nil, reported) }
        let identity = members.first { $0.key == callerMember }?.value
        let rest = members.filter { $0.key != callerMember }
        return (identity, rest.isEmpty ? nil : .object(rest))
    }
}

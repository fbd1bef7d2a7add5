import Foundation
import RampartCore
import RampartStore

extension STSService {
    /// A JWT that asserts the caller's identity to a service outside (outbound identity federation):
    /// signed with the account's key for the algorithm asked for, verifiable with the JWKS its issuer
    /// URL publishes. Refused while the account has the feature disabled.
    public func getWebIdentityToken(_ input: STS.GetWebIdentityTokenRequest, _ call: CallContext) async throws
        -> STS.GetWebIdentityTokenResponse
    {
        guard let algorithm = OutboundSigningAlgorithm(rawValue: input.signingAlgorithm) else {
            // STS quotes the value it refuses (see ValidationErrors).
            throw AWSError.validation(
                "1 validation error detected: Value '\(input.signingAlgorithm)' at 'signingAlgorithm' failed to "
                    + "satisfy constraint: Member must satisfy enum value set: [RS256, ES384]")
        }
        let principal = call.principal
        let account = principal.account
        let snapshot = environment.store.snapshot()
        guard let federation = snapshot.all(OutboundFederation.self, account: account.rawValue).first,
            federation.enabled
        else { throw AWSError.outboundFederationDisabled }

        let duration = TimeInterval(input.durationSeconds ?? Self.defaultWebIdentityTokenDuration)
        let expiresAt = call.now.addingTimeInterval(duration)
        // A token may not outlive the credentials that asked for it.
        if let session = principal.session, expiresAt > session.expiresAt {
            throw AWSError.sessionDurationEscalation
        }
        let organization = OrganizationTree.organization(of: account, in: snapshot)
        let claims = OutboundTokenClaims(
            issuer: OutboundIssuer.url(origin: environment.outboundIssuerOrigin, issuerId: federation.issuerId),
            subject: Self.tokenSubject(principal, snapshot), audiences: input.audience, issuedAt: call.now,
            expiresAt: expiresAt, tokenId: UUID().uuidString.lowercased(), account: account, region: call.region,
            organizationId: organization?.0.id,
            organizationPath: organization.flatMap { organization, record in
                record.membership.map {
                    OrganizationTree.path(of: organization, parentId: $0.parentId, in: snapshot)
                }
            },
            principalTags: RequestConditionKeys.principalTags(principal, snapshot),
            requestTags: input.tags?.map { Tag(key: $0.key, value: $0.value) } ?? [])
        let payload = claims.encoded()
        guard payload.count <= OutboundTokenClaims.maximumPayloadBytes else { throw AWSError.jwtPayloadSizeExceeded }

        let key = try await signingKey(algorithm, federation: federation, now: call.now)
        let token = try OutboundToken.compact(
            payload: payload, key: key, account: account, secrets: environment.secrets)
        return STS.GetWebIdentityTokenResponse(webIdentityToken: token, expiration: expiresAt)
    }

    /// AWS's default lifetime of a web identity token: five minutes.
    static let defaultWebIdentityTokenDuration = 300

    /// `sub`: the IAM identity, not the session: a role session's token names its role (with its path).
    static func tokenSubject(_ principal: Principal, _ snapshot: StoreSnapshot) -> String {
        if principal.kind == .assumedRole, let role = snapshot.role(of: principal) {
            return role.arn(in: principal.partition)
        }
        return principal.arn
    }

    /// The account's current key for `algorithm`; a new one when there is none or it is due for
    /// rotation. The key is made outside the write (RSA generation takes a while); if another request
    /// stored one meanwhile, that one signs and the new one is dropped.
    private func signingKey(_ algorithm: OutboundSigningAlgorithm, federation: OutboundFederation, now: Date)
        async throws -> OutboundSigningKey
    {
        if let key = OutboundKeyRotation.current(federation.signingKeys, algorithm, now: now) { return key }
        let fresh = try OutboundKeyMaterial.generate(
            algorithm, account: federation.account, now: now, secrets: environment.secrets)
        return try await environment.store.write { tx in
            guard var stored = tx.get(OutboundFederation.self, federation.issuerId) else {
                throw AWSError.outboundFederationDisabled
            }
            if let key = OutboundKeyRotation.current(stored.signingKeys, algorithm, now: now) { return key }
            stored.signingKeys = OutboundKeyRotation.pruned(stored.signingKeys + [fresh], now: now)
            tx.put(stored)
            return fresh
        }
    }
}

import Foundation
import RampartCore
import RampartStore

extension STSService {
    /// Trades a released delegation request's token for credentials. The token must be one Rampart sealed
    /// for that request (a forged or altered one is refused), the caller must belong to the partner account
    /// that made the request, and the token is exchanged once, within the session window that began when it
    /// was released. The credentials act as the identity that accepted the request, bound to its unique id,
    /// and allow only what both that identity's policies and the request's permission policy allow.
    public func getDelegatedAccessToken(_ input: STS.GetDelegatedAccessTokenRequest, _ call: CallContext)
        async throws -> STS.GetDelegatedAccessTokenResponse
    {
        let caller = call.principal
        guard let token = DelegationTradeInToken(opening: input.tradeInToken, with: environment.secrets) else {
            throw AWSError.invalidTradeInToken
        }
        let session = try await environment.store.write { tx in
            guard var request = tx.get(DelegationRequest.self, token.requestId), request.tokenNonce == token.nonce,
                request.requestorAccount == caller.account, let approver = request.approver,
                let owner = request.ownerAccountId, let end = request.sessionEnd
            else { throw AWSError.invalidTradeInToken }
            guard request.tokenRedeemedAt == nil, call.now < end, request.state(at: call.now) == .finalized else {
                throw AWSError.expiredTradeInToken
            }
            request.tokenRedeemedAt = call.now
            tx.put(request)
            var session = TemporarySession(
                source: .getDelegatedAccessToken, accessKeyId: AccessKeyMaterial.newTemporaryId(account: owner),
                secretAccessKey: AccessKeyMaterial.newSecret(), account: owner, kind: approver.kind,
                name: approver.name, path: approver.path, principalId: approver.uniqueId,
                roleSessionName: approver.kind == .assumedRole ? request.id : nil, issuedAt: call.now, expiresAt: end)
            session.sessionPolicy = request.permissionPolicy
            return (session, approver.arn)
        }
        // The identity must still be the one that accepted: credentials for a successor under its name
        // would be wrong, and the resolver would refuse them anyway.
        guard environment.store.snapshot().holds(session.0.principal(in: caller.partition)) else {
            throw AWSError.invalidTradeInToken
        }
        let issued = try credentials(for: session.0)
        TrailResponseElements.report(TrailResponseElements.credentials(issued))
        return STS.GetDelegatedAccessTokenResponse(credentials: issued, assumedPrincipal: session.1)
    }
}

extension AWSError {
    /// A token Rampart did not issue, or one for a request that is not the caller's to trade in.
    static let invalidTradeInToken = AWSError(
        code: "InvalidParameterValue", message: "The trade-in token is not valid.", httpStatus: 400)
    static let expiredTradeInToken = AWSError(
        code: "ExpiredTradeInTokenException",
        message: "The trade-in token has expired or has already been exchanged.", httpStatus: 400)
}

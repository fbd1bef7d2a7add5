import RampartCore
import RampartStore

// Outbound identity federation, the account's switch: enabling gives the account an issuer (the
// same one again after a disable), disabling stops new tokens but keeps the keys published.
extension IAMService {
    public func enableOutboundWebIdentityFederation(_ call: CallContext) async throws
        -> IAM.EnableOutboundWebIdentityFederationResponse
    {
        let account = call.principal.account
        let federation = try await store.write { tx in
            guard var federation = tx.all(OutboundFederation.self, account: account.rawValue).first else {
                let federation = OutboundFederation(account: account, issuerId: Self.newIssuerId())
                tx.put(federation)
                return federation
            }
            guard !federation.enabled else { throw AWSError.featureEnabled }
            federation.enabled = true
            tx.put(federation)
            return federation
        }
        return IAM.EnableOutboundWebIdentityFederationResponse(issuerIdentifier: issuerURL(federation))
    }

    public func disableOutboundWebIdentityFederation(_ call: CallContext) async throws {
        let account = call.principal.account
        try await store.write { tx in
            guard var federation = tx.all(OutboundFederation.self, account: account.rawValue).first,
                federation.enabled
            else { throw AWSError.featureDisabled }
            federation.enabled = false
            tx.put(federation)
        }
    }

    /// An account that never enabled the feature has no issuer to tell of; one that disabled it still
    /// has its issuer, reported with `JwtVendingEnabled` false.
    public func getOutboundWebIdentityFederationInfo(_ call: CallContext) async throws
        -> IAM.GetOutboundWebIdentityFederationInfoResponse
    {
        guard
            let federation = store.snapshot().all(OutboundFederation.self, account: call.principal.account.rawValue)
                .first
        else { throw AWSError.featureDisabled }
        return IAM.GetOutboundWebIdentityFederationInfoResponse(
            issuerIdentifier: issuerURL(federation), jwtVendingEnabled: federation.enabled)
    }

    private func issuerURL(_ federation: OutboundFederation) -> String {
        OutboundIssuer.url(origin: environment.outboundIssuerOrigin, issuerId: federation.issuerId)
    }

    /// Five groups of random hex, like AWS's issuer host names (`abc123-def456-…`).
    private static func newIssuerId() -> String {
        let hex = Hex.string(RandomBytes.make(15))
        return stride(from: 0, to: hex.count, by: 6).map { start in
            let from = hex.index(hex.startIndex, offsetBy: start)
            return String(hex[from..<hex.index(from, offsetBy: 6)])
        }.joined(separator: "-")
    }
}

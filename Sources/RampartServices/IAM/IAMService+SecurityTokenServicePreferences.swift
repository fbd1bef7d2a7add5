import RampartCore
import RampartStore

extension IAMService {
    /// Records which tokens STS's global endpoint issues for the account; GetAccountSummary reports it as
    /// `GlobalEndpointTokenVersion` (1 or 2). Rampart's session tokens work in every region of the account's
    /// partition either way: it has no manually enabled regions for a version 1 token to be refused in.
    public func setSecurityTokenServicePreferences(
        _ input: IAM.SetSecurityTokenServicePreferencesRequest, _ call: CallContext
    ) async throws {
        // The wire layer has checked the value against the model's enum.
        let version = GlobalEndpointTokenVersion(rawValue: input.globalEndpointTokenVersion) ?? .v1Token
        try await store.write { tx in
            var account = try tx.account(call.principal.account)
            guard account.globalEndpointTokenVersion ?? .v1Token != version else { return }
            account.globalEndpointTokenVersion = version
            tx.put(account)
        }
    }
}

/// Which session tokens STS's global endpoint issues for an account (`SetSecurityTokenServicePreferences`):
/// version 1 tokens work only in the regions enabled by default, version 2 tokens in every region.
public enum GlobalEndpointTokenVersion: String, Codable, Sendable {
    case v1Token
    case v2Token

    /// How GetAccountSummary's `GlobalEndpointTokenVersion` reports it.
    public var summaryValue: Int {
        switch self {
        case .v1Token: 1
        case .v2Token: 2
        }
    }
}

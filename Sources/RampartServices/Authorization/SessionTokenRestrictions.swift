import RampartCore
import RampartSigV4

/// AWS's fixed rules for temporary credentials, which no policy can change:
/// `GetSessionToken` and `GetFederationToken` need long-term credentials; a federated user calls no
/// IAM operation and of STS only GetCallerIdentity; credentials from `GetSessionToken` without
/// MFA cannot call IAM (AWS answers as if the token were invalid) and from STS may call only
/// AssumeRole and GetCallerIdentity.
public enum SessionTokenRestrictions {
    public static func violation(_ principal: Principal, action: String, resource: String) -> AWSError? {
        guard let session = principal.session else { return nil }
        let lowered = action.lowercased()
        if lowered == "sts:getsessiontoken" {
            return .accessDenied("Cannot call GetSessionToken with session credentials")
        }
        if lowered == "sts:getfederationtoken" {
            return .accessDenied("Cannot call GetFederationToken with session credentials")
        }
        if session.source == .getFederationToken {
            // A federated user calls no IAM operation and, of STS, only GetCallerIdentity.
            guard lowered.hasPrefix("iam:") || (lowered.hasPrefix("sts:") && lowered != "sts:getcalleridentity")
            else { return nil }
            return .accessDenied(
                "User: \(principal.arn) is not authorized to perform: \(action) on resource: \(resource)")
        }
        guard session.source == .getSessionToken else { return nil }
        if lowered.hasPrefix("iam:") && session.mfaAuthenticatedAt == nil {
            return AWSError.invalidClientTokenId
        }
        if lowered.hasPrefix("sts:") && lowered != "sts:assumerole" && lowered != "sts:getcalleridentity" {
            return .accessDenied(
                "User: \(principal.arn) is not authorized to perform: \(action) on resource: \(resource)")
        }
        return nil
    }
}

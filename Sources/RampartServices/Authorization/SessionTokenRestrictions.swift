import RampartCore

/// AWS's fixed rule for `GetSessionToken` credentials, which no policy can change: without
/// MFA they cannot call IAM, and from STS they may call only AssumeRole and
/// GetCallerIdentity. GetSessionToken itself needs long-term credentials.
public enum SessionTokenRestrictions {
    public static func permits(_ principal: Principal, action: String) -> Bool {
        guard let session = principal.session else { return true }
        let lowered = action.lowercased()
        if lowered == "sts:getsessiontoken" { return false }
        guard session.source == .getSessionToken else { return true }
        if lowered.hasPrefix("iam:") { return session.mfaAuthenticatedAt != nil }
        if lowered.hasPrefix("sts:") { return lowered == "sts:assumerole" || lowered == "sts:getcalleridentity" }
        return true
    }
}

import Foundation
import RampartCore

/// The global condition keys of a request, as IAM policies see them. Keys that AWS leaves out
/// for a kind of credential are absent here too: `aws:MultiFactorAuthPresent` exists only for
/// temporary credentials (false without MFA), `aws:MultiFactorAuthAge` only after MFA. That
/// absence is what `BoolIfExists` tests, so it must never be filled in with a default.
public struct RequestContext: Sendable, Equatable {
    public private(set) var values: [String: String]

    /// `secureTransport`: the request came over TLS.
    public init(principal: Principal, now: Date, sourceIp: String, secureTransport: Bool = false) {
        var values: [String: String] = [
            "aws:PrincipalArn": Self.principalArn(principal),
            "aws:PrincipalAccount": principal.account.rawValue,
            "aws:PrincipalType": Self.principalType(principal.kind),
            "aws:userid": principal.userId,
            "aws:SourceIp": sourceIp,
            "aws:CurrentTime": Timestamp.iso8601(now),
            "aws:EpochTime": String(now.epochSeconds),
            "aws:SecureTransport": String(secureTransport),
        ]
        if principal.kind == .user { values["aws:username"] = principal.name }
        if let present = principal.multiFactorAuthPresent { values["aws:MultiFactorAuthPresent"] = String(present) }
        if let age = principal.multiFactorAuthAge(now: now) { values["aws:MultiFactorAuthAge"] = String(age) }
        if let session = principal.session {
            values["aws:TokenIssueTime"] = Timestamp.iso8601(session.issuedAt)
            // Only AssumeRoot sessions carry it, so SCPs that deny root can exempt them with Null or BoolIfExists.
            if session.isAssumedRoot { values["aws:AssumedRoot"] = "true" }
        }
        self.values = values
    }

    /// Every key a request context can hold.
    static let keyNames = [
        "aws:PrincipalArn", "aws:PrincipalAccount", "aws:PrincipalType", "aws:userid", "aws:SourceIp",
        "aws:CurrentTime", "aws:EpochTime", "aws:SecureTransport", "aws:username", "aws:MultiFactorAuthPresent",
        "aws:MultiFactorAuthAge", "aws:TokenIssueTime", "aws:AssumedRoot",
    ]

    public subscript(key: String) -> String? {
        // Condition key names are case-insensitive.
        values.first { $0.key.caseInsensitiveCompare(key) == .orderedSame }?.value
    }

    /// A role session's principal ARN is the role's, not the session's.
    static func principalArn(_ principal: Principal) -> String {
        guard principal.kind == .assumedRole, let session = principal.session else { return principal.arn }
        return ARN.iam(principal.partition, account: principal.account.rawValue, "role\(session.path)\(session.name)")
    }

    static func principalType(_ kind: Principal.Kind) -> String {
        switch kind {
        case .root: return "Account"
        case .user: return "User"
        case .assumedRole: return "AssumedRole"
        case .federatedUser: return "FederatedUser"
        }
    }
}

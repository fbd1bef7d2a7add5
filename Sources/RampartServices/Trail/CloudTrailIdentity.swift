import Foundation
import RampartCore

/// CloudTrail's `userIdentity` for a caller, as AWS writes it for each kind of principal, and
/// the name the `Username` lookup attribute finds its events by.
public enum CloudTrailIdentity {
    public static func value(of principal: Principal) -> TrailValue {
        let account = principal.account.rawValue
        let partition = principal.partition.rawValue
        var members: [(String, TrailValue?)] = [
            ("type", .string(typeName(principal.kind))),
            ("principalId", .string(principalId(principal))),
            ("arn", .string(principal.arn)),
            ("accountId", .string(account)),
            ("accessKeyId", .string(principal.accessKeyId)),
        ]
        if principal.kind == .user { members.append(("userName", .string(principal.name))) }
        if let session = principal.session {
            var issuer: TrailValue = .object([])
            if principal.kind == .assumedRole {
                issuer = .members([
                    ("type", .string("Role")), ("principalId", .string(session.principalId)),
                    ("arn", .string("arn:\(partition):iam::\(account):role\(session.path)\(session.name)")),
                    ("accountId", .string(account)), ("userName", .string(session.name)),
                ])
            } else if principal.kind == .federatedUser {
                // The IAM user (or root) that called GetFederationToken.
                issuer =
                    principal.isFederatedByRoot
                    ? .members([
                        ("type", .string("Root")), ("principalId", .string(account)),
                        ("arn", .string("arn:\(partition):iam::\(account):root")), ("accountId", .string(account)),
                    ])
                    : .members([
                        ("type", .string("IAMUser")), ("principalId", .string(session.principalId)),
                        ("arn", .string("arn:\(partition):iam::\(account):user\(session.path)\(session.name)")),
                        ("accountId", .string(account)), ("userName", .string(session.name)),
                    ])
            }
            members.append(
                (
                    "sessionContext",
                    .members([
                        ("sessionIssuer", issuer),
                        (
                            "webIdFederationData",
                            session.federatedProvider.map {
                                .members([("federatedProvider", .string($0)), ("attributes", .object([]))])
                            } ?? .object([])
                        ),
                        (
                            "attributes",
                            .members([
                                ("creationDate", .string(Timestamp.iso8601(session.issuedAt))),
                                ("mfaAuthenticated", .string(session.mfaAuthenticatedAt == nil ? "false" : "true")),
                            ])
                        ),
                    ])
                ))
            if session.isAssumedRoot {
                members.append(("assumedRoot", .string("true")))
            }
        }
        return .members(members)
    }

    /// The caller of AssumeRoleWithWebIdentity: no principal of any account, but the subject of a
    /// token of `provider` (CloudTrail's `WebIdentityUser`). Empty members for a token that was refused
    /// before its claims could be believed.
    public static func webIdentityUser(provider: String, audience: String, subject: String) -> TrailValue {
        .members([
            ("type", .string("WebIdentityUser")),
            ("principalId", .string(provider.isEmpty ? "" : "\(provider):\(audience):\(subject)")),
            ("userName", .string(subject)), ("identityProvider", .string(provider)),
        ])
    }

    /// The caller of AssumeRoleWithSAML (CloudTrail's `SAMLUser`): the assertion's subject, qualified by
    /// the provider's NameQualifier. Empty members for an assertion refused before it could be believed.
    public static func samlUser(nameQualifier: String, subject: String) -> TrailValue {
        .members([
            ("type", .string("SAMLUser")),
            ("principalId", .string(nameQualifier.isEmpty ? "" : "\(nameQualifier):\(subject)")),
            ("userName", .string(subject)), ("identityProvider", .string(nameQualifier)),
        ])
    }

    /// The identity of a person signing in to the console, before any credentials exist: the
    /// root user or an IAM user of `account`.
    public static func signIn(
        account: AccountID, userName: String?, userId: String?, partition: Partition = .commercial
    ) -> TrailValue {
        guard let userName else {
            return .members([
                ("type", .string("Root")), ("principalId", .string(account.rawValue)),
                ("arn", .string("arn:\(partition.rawValue):iam::\(account.rawValue):root")),
                ("accountId", .string(account.rawValue)), ("accessKeyId", .string("")),
            ])
        }
        return .members([
            ("type", .string("IAMUser")), ("principalId", .string(userId ?? "")),
            (
                "arn",
                userId == nil ? nil : .string("arn:\(partition.rawValue):iam::\(account.rawValue):user/\(userName)")
            ),
            ("accountId", .string(account.rawValue)), ("accessKeyId", .string("")),
            ("userName", .string(userName)),
        ])
    }

    /// What `Username` finds: the IAM user's name, `root`, or an assumed role's session name.
    public static func username(of principal: Principal) -> String {
        switch principal.kind {
        case .root: "root"
        case .user: principal.name
        case .assumedRole, .federatedUser: principal.session?.roleSessionName ?? principal.name
        }
    }

    static func typeName(_ kind: Principal.Kind) -> String {
        switch kind {
        case .root: "Root"
        case .user: "IAMUser"
        case .assumedRole: "AssumedRole"
        case .federatedUser: "FederatedUser"
        }
    }

    static func principalId(_ principal: Principal) -> String {
        switch principal.kind {
        case .root: principal.account.rawValue
        case .assumedRole, .federatedUser: principal.userId
        case .user: principal.session?.principalId ?? principal.userId
        }
    }
}

import Foundation

extension ManagedRule {
    /// iam-user-unused-credentials-check: a user's password and active access keys were each used
    /// (or, never used, created) within `maxCredentialUsageAge` days (90 by default).
    static let iamUserUnusedCredentialsCheck = ManagedRule(
        "IAM_USER_UNUSED_CREDENTIALS_CHECK", trigger: .periodic, resourceTypes: [ConfigResourceType.user],
        parameters: [RuleParameter("maxCredentialUsageAge", .int, default: "90")]
    ) { facts, parameters, now in
        let days = parameters.int("maxCredentialUsageAge") ?? 90
        let oldest = now.addingTimeInterval(-Double(days) * 86_400)
        return facts.users.map { user in
            let credentials = (user.password.map { [$0] } ?? []) + user.activeKeys
            let stale = credentials.contains { ($0.lastUsed ?? $0.created) < oldest }
            return .user(user, !stale, "A credential has not been used in \(days) days.")
        }
    }
}

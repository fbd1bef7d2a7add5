import Foundation

extension ManagedRule {
    /// access-keys-rotated: every active access key of a user is younger than `maxAccessKeyAge`
    /// days (90 by default). A user without active keys has nothing to rotate and is compliant.
    static let accessKeysRotated = ManagedRule(
        "ACCESS_KEYS_ROTATED", trigger: .periodic, resourceTypes: [ConfigResourceType.user],
        parameters: [RuleParameter("maxAccessKeyAge", .int, default: "90")]
    ) { facts, parameters, now in
        let days = parameters.int("maxAccessKeyAge") ?? 90
        let oldest = now.addingTimeInterval(-Double(days) * 86_400)
        return facts.users.map { user in
            .user(
                user, !user.activeKeys.contains { $0.created < oldest },
                "An active access key is older than \(days) days.")
        }
    }
}

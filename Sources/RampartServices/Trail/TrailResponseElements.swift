import Foundation
import RampartCore
import RampartStore

/// CloudTrail's `responseElements` of the calls that create something, from what their write
/// returned. AWS records null for the rest of IAM's writes (their responses are empty) and
/// for reads; secrets (an access key's secret, a virtual device's seed) are never among them.
public enum TrailResponseElements {
    public static func of(action: String, writeResult: Any, partition: Partition) -> TrailValue? {
        switch (action, writeResult) {
        case ("CreateUser", let user as User):
            return .members([
                (
                    "user",
                    .members([
                        ("path", .string(user.path)), ("userName", .string(user.name)), ("userId", .string(user.id)),
                        ("arn", .string(user.arn(in: partition))),
                        ("createDate", .string(TrailDates.java(user.createDate))),
                    ])
                )
            ])
        case ("CreateLoginProfile", let user as User):
            guard let profile = user.loginProfile else { return nil }
            return .members([
                (
                    "loginProfile",
                    .members([
                        ("userName", .string(user.name)),
                        ("createDate", .string(TrailDates.java(profile.createDate))),
                        ("passwordResetRequired", .bool(profile.passwordResetRequired)),
                    ])
                )
            ])
        case ("CreateRole", let role as Role):
            return .members([
                (
                    "role",
                    .members([
                        ("path", .string(role.path)), ("roleName", .string(role.name)), ("roleId", .string(role.id)),
                        ("arn", .string(role.arn(in: partition))),
                        ("createDate", .string(TrailDates.java(role.createDate))),
                        ("assumeRolePolicyDocument", .string(role.assumeRolePolicyDocument)),
                    ])
                )
            ])
        case ("CreateGroup", let group as Group):
            return .members([
                (
                    "group",
                    .members([
                        ("path", .string(group.path)), ("groupName", .string(group.name)),
                        ("groupId", .string(group.id)), ("arn", .string(group.arn(in: partition))),
                        ("createDate", .string(TrailDates.java(group.createDate))),
                    ])
                )
            ])
        case ("CreatePolicy", let policy as ManagedPolicy):
            return .members([
                (
                    "policy",
                    .members([
                        ("policyName", .string(policy.name)), ("policyId", .string(policy.id)),
                        ("arn", .string(policy.arn(in: partition))), ("path", .string(policy.path)),
                        ("defaultVersionId", .string(policy.defaultVersionId)), ("attachmentCount", .int(0)),
                        ("permissionsBoundaryUsageCount", .int(0)), ("isAttachable", .bool(true)),
                        ("createDate", .string(TrailDates.java(policy.createDate))),
                        ("updateDate", .string(TrailDates.java(policy.updateDate))),
                    ])
                )
            ])
        case ("CreateAccessKey", let key as AccessKey):
            return .members([
                (
                    "accessKey",
                    .members([
                        ("userName", key.userName.map(TrailValue.string)), ("accessKeyId", .string(key.id)),
                        ("status", .string(key.status.rawValue)),
                        ("createDate", .string(TrailDates.java(key.createDate))),
                    ])
                )
            ])
        case ("CreateVirtualMFADevice", let device as MFADevice):
            return .members([("virtualMFADevice", .members([("serialNumber", .string(device.serialNumber))]))])
        default:
            return identityEntity(action: action, writeResult: writeResult, partition: partition)
        }
    }
}

extension TrailResponseElements {
    /// STS's answer as CloudTrail records it: the key id and expiry of the credentials, never
    /// their secret or session token, and the assumed role's identity.
    static func credentials(
        _ credentials: STS.Credentials, assumedRoleUser: STS.AssumedRoleUser? = nil,
        federatedUser: STS.FederatedUser? = nil, sourceIdentity: String? = nil
    ) -> TrailValue {
        .members([
            (
                "credentials",
                .members([
                    ("accessKeyId", .string(credentials.accessKeyId)),
                    ("expiration", .string(TrailDates.java(credentials.expiration))),
                ])
            ),
            (
                "assumedRoleUser",
                assumedRoleUser.map {
                    .members([("assumedRoleId", .string($0.assumedRoleId)), ("arn", .string($0.arn))])
                }
            ),
            (
                "federatedUser",
                federatedUser.map {
                    .members([("federatedUserId", .string($0.federatedUserId)), ("arn", .string($0.arn))])
                }
            ),
            ("sourceIdentity", sourceIdentity.map(TrailValue.string)),
        ])
    }

    /// Hands an STS answer to the call's trail event.
    static func report(_ value: TrailValue) {
        TrailCall.current?.responseElements = value
    }
}

/// The dates inside IAM's and STS's `responseElements`, which AWS writes in Java's default
/// form (`Oct 3, 2024, 5:47:15 PM`), unlike the ISO-8601 `eventTime`.
public enum TrailDates {
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    public static func java(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let hour = parts.tm_hour % 12 == 0 ? 12 : parts.tm_hour % 12
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(months[Int(parts.tm_mon)]) \(parts.tm_mday), \(parts.tm_year + 1900), "
            + "\(hour):\(two(parts.tm_min)):\(two(parts.tm_sec)) \(parts.tm_hour < 12 ? "AM" : "PM")"
    }
}

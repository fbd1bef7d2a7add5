import Foundation
import RampartCore

/// One line of the credential report: a user's (or the root user's) password, MFA and access keys,
/// in the 22 columns AWS writes, in AWS's order. Values are spelled as in reports AWS hands out:
/// `true`/`false` in lower case (the documentation prints `TRUE`/`FALSE`; the reports do not),
/// times as `2017-06-10T02:35:07+00:00`, `N/A` where a value does not apply.
struct CredentialReportRow: Equatable {
    static let header = [
        "user", "arn", "user_creation_time", "password_enabled", "password_last_used", "password_last_changed",
        "password_next_rotation", "mfa_active",
        "access_key_1_active", "access_key_1_last_rotated", "access_key_1_last_used_date",
        "access_key_1_last_used_region", "access_key_1_last_used_service",
        "access_key_2_active", "access_key_2_last_rotated", "access_key_2_last_used_date",
        "access_key_2_last_used_region", "access_key_2_last_used_service",
        "cert_1_active", "cert_1_last_rotated", "cert_2_active", "cert_2_last_rotated",
    ]

    static let notApplicable = "N/A"
    private static let notSupported = "not_supported"

    /// The row's values, in `header` order.
    let fields: [String]

    /// The root user's line, named `<root_account>` as AWS names it. AWS reports `not_supported` for
    /// its password columns except the last use.
    init(root account: Account, mfaActive: Bool, keys: [AccessKey], certificates: [SigningCertificate] = []) {
        let lastUsed = Self.lastUse(account.rootPasswordLastUsed, hasPassword: account.rootPassword != nil)
        let password = [Self.notSupported, lastUsed, Self.notSupported, Self.notSupported]
        fields = Self.fields(
            "<root_account>", account.rootArn, account.createDate, password: password, mfaActive: mfaActive,
            keys: keys, certificates: certificates)
    }

    /// An IAM user's line; `password_next_rotation` comes from the policy's `MaxPasswordAge`.
    init(
        user: User, partition: Partition, passwordPolicy: PasswordPolicy?, mfaActive: Bool, keys: [AccessKey],
        certificates: [SigningCertificate] = []
    ) {
        var password = [Self.flag(false)] + Array(repeating: Self.notApplicable, count: 3)
        if let profile = user.loginProfile {
            let maxAge = passwordPolicy?.maxPasswordAge ?? 0
            let rotation = profile.passwordLastChanged.addingTimeInterval(TimeInterval(maxAge) * 86_400)
            password = [
                Self.flag(true), Self.lastUse(user.passwordLastUsed, hasPassword: true),
                Self.time(profile.passwordLastChanged), maxAge > 0 ? Self.time(rotation) : Self.notApplicable,
            ]
        }
        fields = Self.fields(
            user.name, user.arn(in: partition), user.createDate, password: password, mfaActive: mfaActive, keys: keys,
            certificates: certificates)
    }

    /// `keys` and `certificates` fill their two slots in creation order, as AWS fills them.
    private static func fields(
        _ name: String, _ arn: String, _ created: Date, password: [String], mfaActive: Bool, keys: [AccessKey],
        certificates: [SigningCertificate]
    ) -> [String] {
        var fields = [name, arn, time(created)] + password + [flag(mfaActive)]
        let ordered = keys.sorted { $0.createDate < $1.createDate }
        for slot in 0..<2 {
            fields += slot < ordered.count ? columns(of: ordered[slot]) : absentKey
        }
        let uploaded = certificates.sorted { $0.uploadDate < $1.uploadDate }
        for slot in 0..<2 {
            fields +=
                slot < uploaded.count
                ? [flag(uploaded[slot].status == .active), time(uploaded[slot].uploadDate)]
                : [flag(false), notApplicable]
        }
        return fields
    }

    /// An existing key shows its creation date even when inactive; its use is `N/A` until recorded.
    private static func columns(of key: AccessKey) -> [String] {
        [
            flag(key.status == .active), time(key.createDate), key.lastUsedDate.map(time) ?? notApplicable,
            key.lastUsedRegion ?? notApplicable, key.lastUsedService ?? notApplicable,
        ]
    }

    private static let absentKey = [flag(false)] + Array(repeating: notApplicable, count: 4)

    /// `no_information` for a password never used (or not since AWS began tracking), `N/A` without one.
    private static func lastUse(_ date: Date?, hasPassword: Bool) -> String {
        guard hasPassword else { return notApplicable }
        return date.map(time) ?? "no_information"
    }

    private static func flag(_ value: Bool) -> String { value ? "true" : "false" }

    /// `2017-06-10T02:35:07+00:00`: the report writes UTC with a numeric offset, unlike the API's `Z`.
    static func time(_ date: Date) -> String {
        String(Timestamp.iso8601(date).dropLast()) + "+00:00"
    }
}

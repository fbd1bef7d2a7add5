/// Looks at the actions a deny-without-MFA statement exempts through NotAction (the force-MFA pattern). What is
/// exempted is what someone holding only a password or an access key — no MFA — can still do.
enum MFANotActionRules {
    static let deactivate = "iam:DeactivateMFADevice"
    static let deleteVirtual = "iam:DeleteVirtualMFADevice"
    static let enable = "iam:EnableMFADevice"

    static func findings(_ statement: LintStatement, _ profile: MFAProfile) -> [LintFinding] {
        guard statement.effect == .deny, profile.deniesOnlyWithoutMFA, let patterns = statement.notActions else {
            return []
        }
        var findings: [LintFinding] = patterns.compactMap { removal($0, statement) }
        if let enrolling = patterns.first(where: { LintActionPattern.matches($0.string!, enable) }) {
            findings.append(enrollment(enrolling, statement))
        }
        return findings
    }

    private static func removal(_ node: LintJSONNode, _ statement: LintStatement) -> LintFinding? {
        let pattern = node.string!
        let exemptsDeactivate = LintActionPattern.matches(pattern, deactivate)
        let exemptsDelete = LintActionPattern.matches(pattern, deleteVirtual)
        let wildcard = pattern.contains("*") || pattern.contains("?")
        let replace =
            wildcard
            ? "Replace \"\(pattern)\" with the actions a user needs to enroll, listed one by one (AWS's policy"
                + " exempts iam:CreateVirtualMFADevice, iam:EnableMFADevice, iam:GetUser, iam:ListMFADevices,"
                + " iam:ListVirtualMFADevices, iam:ResyncMFADevice and sts:GetSessionToken)"
            : "Remove \"\(pattern)\" from NotAction"
        if exemptsDeactivate {
            let also = exemptsDelete ? " and \(deleteVirtual)" : ""
            return LintFinding(
                .notActionExemptsDeactivation, at: node.position, in: statement,
                message: "NotAction \"\(pattern)\" exempts \(deactivate)\(also) from the Deny on requests without MFA",
                why: "This Deny is what forces MFA; every action in NotAction escapes it. Someone with a stolen"
                    + " password or access key but not the MFA device can therefore call \(deactivate) (wherever"
                    + " another statement allows it, as self-service policies do), remove the victim's MFA device and"
                    + " enroll their own — MFA then protects the attacker. AWS's force-MFA policy keeps"
                    + " DeactivateMFADevice out of NotAction so that removing MFA needs an MFA session.",
                fix: "\(replace); users deactivate a device after signing in with MFA.")
        }
        guard exemptsDelete else { return nil }
        return LintFinding(
            .notActionExemptsVirtualDeletion, at: node.position, in: statement,
            message: "NotAction \"\(pattern)\" exempts \(deleteVirtual) from the Deny on requests without MFA",
            why: "Someone holding only the password or an access key can delete virtual MFA devices wherever another"
                + " statement allows it. IAM refuses to delete a device that is still assigned (it must be deactivated"
                + " first, and DeactivateMFADevice stays denied here), so the active MFA survives, but devices being"
                + " enrolled can be deleted without MFA.",
            fix: "\(replace), unless users without MFA must be able to retry a failed enrollment.")
    }

    private static func enrollment(_ node: LintJSONNode, _ statement: LintStatement) -> LintFinding {
        LintFinding(
            .notActionAllowsEnrollment, at: node.position, in: statement,
            message: "NotAction \"\(node.string!)\" lets requests without MFA enable an MFA device",
            why: "This is the recommended bootstrap — a new user must enroll a device before they can use MFA. The"
                + " trade-off: IAM users can have up to eight MFA devices, so someone holding only the password"
                + " (or an access key) of a user who already has MFA can enroll a device of their own and then pass"
                + " this Deny.",
            fix: "Once users have enrolled, consider a variant without the exemption (adding a device then needs an"
                + " MFA session), or alert on EnableMFADevice calls made without MFA in CloudTrail.")
    }
}

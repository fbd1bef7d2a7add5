import Foundation
import RampartCore

/// The five AWS managed policies that scope an `sts:AssumeRoot` session (`arn:aws:iam::aws:policy/root-task/…`;
/// root users, and so AssumeRoot, exist in the commercial partition, which names them here).
/// They are deny lists: the root user may do everything in its account, and the task policy, carried as the
/// session's policy, denies all but the task's actions, and those on anything but the root itself. They
/// cannot be attached to IAM identities. Documents as the IAM User Guide publishes them
/// ("AWS managed policies for IAM", November 2024 and the January 2025 removal of
/// iam:DeleteVirtualMFADevice); the guide gives SQSUnlockQueuePolicy's statements and actions but not its
/// JSON, so that one is written from them. Policy ids are Rampart's.
public enum RootTaskPolicies {
    public static let path = "/root-task/"

    public static let auditRootUserCredentials = arn("IAMAuditRootUserCredentials")
    public static let createRootUserPassword = arn("IAMCreateRootUserPassword")
    public static let deleteRootUserCredentials = arn("IAMDeleteRootUserCredentials")
    public static let s3UnlockBucketPolicy = arn("S3UnlockBucketPolicy")
    public static let sqsUnlockQueuePolicy = arn("SQSUnlockQueuePolicy")

    static let launch = Date(timeIntervalSince1970: 1_731_542_400)  // 2024-11-14, centralized root access

    public static let all: [ManagedPolicy] = [
        make(
            "IAMAuditRootUserCredentials", id: "ANPARAMPARTROOTTASK01",
            "Audit the root user credentials of a member account.",
            deny(
                "AuditingCredentialsOnNonRootUserResource",
                [
                    "iam:ListAccessKeys", "iam:ListSigningCertificates", "iam:GetLoginProfile", "iam:ListMFADevices",
                    "iam:GetUser", "iam:GetAccessKeyLastUsed",
                ], besides: ["iam:GetAccountSummary"])),
        make(
            "IAMCreateRootUserPassword", id: "ANPARAMPARTROOTTASK02",
            "Allow password recovery for the root user of a member account.",
            deny("CreatingPasswordOnNonRootUserResource", ["iam:CreateLoginProfile", "iam:GetLoginProfile"])),
        make(
            "IAMDeleteRootUserCredentials", id: "ANPARAMPARTROOTTASK03",
            "Delete the root user credentials of a member account.",
            deny(
                "DeletingRootUserCredentialsOnNonRootUserResource",
                [
                    "iam:DeleteAccessKey", "iam:DeleteSigningCertificate", "iam:DeleteLoginProfile",
                    "iam:DeactivateMFADevice", "iam:ListAccessKeys", "iam:ListSigningCertificates",
                    "iam:GetLoginProfile", "iam:ListMFADevices", "iam:GetUser", "iam:GetAccessKeyLastUsed",
                ])),
        make(
            "S3UnlockBucketPolicy", id: "ANPARAMPARTROOTTASK04",
            "Delete a bucket policy that denies all principals access to an S3 bucket of a member account.",
            """
            {"Version":"2012-10-17","Statement":[\
            {"Sid":"DenyAllOtherActionsOnAnyResource","Effect":"Deny","NotAction":\(actions(s3)),"Resource":"*"},\
            {"Sid":"DenyManagingBucketPolicyForNonRootCallers","Effect":"Deny","Action":\(actions(s3)),\
            "Resource":"*","Condition":{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:root"}}}]}
            """),
        make(
            "SQSUnlockQueuePolicy", id: "ANPARAMPARTROOTTASK05",
            "Delete a queue policy that denies all principals access to an SQS queue of a member account.",
            """
            {"Version":"2012-10-17","Statement":[\
            {"Sid":"DenyAllOtherActionsOnAnyResource","Effect":"Deny","NotAction":\(actions(sqs)),"Resource":"*"},\
            {"Sid":"DenyGettingQueueAttributesOnNonOwnQueue","Effect":"Deny","Action":"sqs:GetQueueAttributes",\
            "Resource":"*","Condition":{"StringNotEquals":{"aws:ResourceAccount":"${aws:PrincipalAccount}"}}},\
            {"Sid":"DenyActionsForNonRootUser","Effect":"Deny","Action":\(actions(sqs)),"Resource":"*",\
            "Condition":{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:root"}}}]}
            """),
    ]

    /// Whether `arn` names one of the five task policies.
    public static func contains(_ arn: String) -> Bool {
        all.contains { $0.arn(in: .commercial) == arn }
    }

    static let s3 = ["s3:DeleteBucketPolicy", "s3:PutBucketPolicy", "s3:GetBucketPolicy", "s3:ListAllMyBuckets"]
    static let sqs = ["sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ListQueues", "sqs:SetQueueAttributes"]

    private static func arn(_ name: String) -> String { ARN.iam(.commercial, account: "aws", "policy\(path)\(name)") }

    private static func actions(_ names: [String]) -> String {
        "[" + names.map { "\"\($0)\"" }.joined(separator: ",") + "]"
    }

    /// The IAM tasks' shape: deny every action but `actions` (and `besides`, which act on no user), and deny
    /// `actions` on anything but a root user.
    private static func deny(_ sid: String, _ actions: [String], besides: [String] = []) -> String {
        """
        {"Version":"2012-10-17","Statement":[\
        {"Sid":"DenyAllOtherActionsOnAnyResource","Effect":"Deny","NotAction":\(Self.actions(actions + besides)),\
        "Resource":"*"},\
        {"Sid":"Deny\(sid)","Effect":"Deny","Action":\(Self.actions(actions)),"NotResource":"arn:aws:iam::*:root"}]}
        """
    }

    private static func make(_ name: String, id: String, _ description: String, _ document: String) -> ManagedPolicy {
        ManagedPolicy(
            account: nil, name: name, id: id, path: path, description: description, createDate: launch,
            document: document)
    }
}

extension ManagedPolicy {
    /// False for the root-task policies, which scope AssumeRoot sessions and nothing else.
    var isAttachable: Bool { path != RootTaskPolicies.path }
}

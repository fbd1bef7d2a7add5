import Foundation
import RampartCore

/// The AWS managed policies Rampart ships, under `arn:PARTITION:iam::aws:policy/…` in every partition
/// (`ManagedPolicy.document(of:in:)` names a document's ARNs in the partition). Their documents
/// follow AWS's published ones in intent; ReadOnlyAccess is narrowed to the services Rampart
/// serves. The root-task policies that scope AssumeRoot sessions are among them (`RootTaskPolicies`).
public enum AWSManagedPolicies {
    public static func administratorAccessArn(in partition: Partition) -> String {
        ARN.iam(partition, account: "aws", "policy/AdministratorAccess")
    }

    static let epoch = Date(timeIntervalSince1970: 1_423_094_400)  // 2015-02-05, when IAM published the first ones

    public static let all = general + RootTaskPolicies.all

    static let general: [ManagedPolicy] = [
        make(
            "AdministratorAccess", id: "ANPAIWMBCKSKIEE64ZLYK", "Provides full access to AWS services and resources.",
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#),
        make(
            "ReadOnlyAccess", id: "ANPAILL3HVNFSB6DCOWYQ",
            "Provides read-only access to AWS services and resources.",
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:Get*","iam:List*","iam:Generate*","iam:Simulate*","sts:GetCallerIdentity","organizations:Describe*","organizations:List*","cloudtrail:Describe*","cloudtrail:Get*","cloudtrail:List*","cloudtrail:LookupEvents","config:Describe*","config:Get*","config:List*"],"Resource":"*"}]}"#
        ),
        make(
            "IAMFullAccess", id: "ANPAI7XKCFMBPM3QQRRVQ", "Provides full access to IAM via the AWS Management Console.",
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:*","organizations:DescribeAccount","organizations:DescribeOrganization","organizations:DescribeOrganizationalUnit","organizations:DescribePolicy","organizations:ListChildren","organizations:ListParents","organizations:ListPoliciesForTarget","organizations:ListRoots","organizations:ListPolicies","organizations:ListTargetsForPolicy"],"Resource":"*"}]}"#
        ),
        make(
            "IAMUserChangePassword", id: "ANPAJ4L4MM2A7QIEB56MS",
            "Provides the ability for an IAM user to change their own password.",
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:ChangePassword"],"Resource":["arn:aws:iam::*:user/${aws:username}"]},{"Effect":"Allow","Action":["iam:GetAccountPasswordPolicy"],"Resource":"*"}]}"#
        ),
    ]

    private static func make(_ name: String, id: String, _ description: String, _ document: String) -> ManagedPolicy {
        ManagedPolicy(
            account: nil, name: name, id: id, path: "/", description: description, createDate: epoch,
            document: document)
    }
}

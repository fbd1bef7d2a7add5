import Foundation
import RampartCore

/// The role templates Rampart ships, under `arn:PARTITION:iam::aws:role-template/NAME` in every
/// partition. AWS publishes its templates per service without a stable machine-readable list; these two
/// follow the documented idea (a service's role, scoped by parameters) for the services Rampart's users
/// meet first. Besides the template's own parameters, `@{AccountId}` and `@{Partition}` are always
/// filled in with the caller's.
enum RoleTemplateCatalog {
    static let published = Date(timeIntervalSince1970: 1_764_547_200)  // 2025-12-01

    static let all: [RoleTemplate] = [lambdaBasicExecution, readOnlyAuditor]

    static func template(arn: String, in partition: Partition) -> RoleTemplate? {
        all.first { $0.arn(in: partition) == arn }
    }

    static func trust(_ principal: String) -> String {
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"# + principal
            + #","Action":"sts:AssumeRole"}]}"#
    }

    static let lambdaBasicExecution: RoleTemplate = {
        let functionName = RoleTemplate.Parameter(
            name: "FunctionName", kind: .string, description: "The name of the Lambda function the role runs.",
            immutable: true)
        func version(_ minor: Int, id: String, enabled: Bool, logActions: String) -> RoleTemplate.Version {
            RoleTemplate.Version(
                minorVersion: minor, versionId: id, enabled: enabled, roleNamePattern: "@{FunctionName}-execution-role",
                rolePathPattern: "/service-role/",
                roleDescriptionPattern: "Execution role of the Lambda function @{FunctionName}",
                trustPolicy: trust(#"{"Service":"lambda.amazonaws.com"}"#),
                inlinePolicies: [
                    (
                        "LambdaBasicExecution",
                        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:CreateLogGroup","Resource":"arn:@{Partition}:logs:*:@{AccountId}:*"},{"Effect":"Allow","Action":"#
                            + logActions
                            + #","Resource":"arn:@{Partition}:logs:*:@{AccountId}:log-group:/aws/lambda/@{FunctionName}:*"}]}"#
                    )
                ], managedPolicyNames: [], parameters: [functionName],
                tags: [("LambdaFunction", "@{FunctionName}")], maxSessionDuration: 3600, created: published)
        }
        return RoleTemplate(
            name: "LambdaBasicExecution", description: "Lets a Lambda function write its logs to CloudWatch Logs.",
            service: "lambda.amazonaws.com", majorVersion: 1, defaultMinorVersion: 1, enabled: true,
            versions: [
                // Superseded: it granted every Logs action on the function's log group.
                version(0, id: "RTVLAMBDABASICEXEC0000", enabled: false, logActions: #""logs:*""#),
                version(
                    1, id: "RTVLAMBDABASICEXEC0001", enabled: true,
                    logActions: #"["logs:CreateLogStream","logs:PutLogEvents"]"#),
            ])
    }()

    static let readOnlyAuditor: RoleTemplate = {
        let auditors = RoleTemplate.Parameter(
            name: "AuditorPrincipals", kind: .arnList,
            description: "The principals (account root or role ARNs) that may assume the role.")
        let suffix = RoleTemplate.Parameter(
            name: "RoleSuffix", kind: .string, description: "Distinguishes several auditor roles.",
            isRequired: false, defaultValue: "default")
        return RoleTemplate(
            name: "ReadOnlyAuditor", description: "Lets outside auditors read the account's IAM and audit records.",
            service: "access-analyzer.amazonaws.com", majorVersion: 1, defaultMinorVersion: 1, enabled: true,
            versions: [
                RoleTemplate.Version(
                    minorVersion: 1, versionId: "RTVREADONLYAUDITOR0001", enabled: true,
                    roleNamePattern: "ReadOnlyAuditor-@{RoleSuffix}", rolePathPattern: "/auditor/",
                    roleDescriptionPattern: "Read-only access for auditors (@{RoleSuffix})",
                    trustPolicy: trust(#"{"AWS":"@{AuditorPrincipals}"}"#), inlinePolicies: [],
                    managedPolicyNames: ["ReadOnlyAccess"], parameters: [auditors, suffix],
                    tags: [("Purpose", "audit")], maxSessionDuration: 43200, created: published)
            ])
    }()
}

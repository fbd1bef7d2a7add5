import Foundation
import RampartCore
import RampartPolicy
import RampartStore

// Role templates (IAM role manager): GetRoleTemplateVersion shows an AWS managed template
// (`RoleTemplateCatalog`), AcquireRole makes a role from it. As AWS documents, AcquireRole checks the
// caller's permission for each IAM action it performs in the caller's name: iam:GetRole when the role
// already exists (and is returned), else iam:CreateRole, iam:PutRolePolicy and iam:AttachRolePolicy
// for what the template defines.

extension IAMService {
    public func getRoleTemplateVersion(_ input: IAM.GetRoleTemplateVersionRequest, _ call: CallContext) async throws
        -> IAM.GetRoleTemplateVersionResponse
    {
        let partition = call.principal.partition
        let (template, version) = try Self.roleTemplate(input.templateArn, minor: input.minorVersion, in: partition)
        return IAM.GetRoleTemplateVersionResponse(
            roleTemplateVersion: IAM.RoleTemplateVersion(
                templateArn: template.arn(in: partition), templateName: template.name,
                templateVersionId: version.versionId, description: template.description,
                majorVersion: template.majorVersion, defaultMinorVersion: template.defaultMinorVersion,
                managedByType: "Service", managedByValue: template.service, enabled: template.enabled,
                minorVersion: version.minorVersion, roleNamePattern: version.roleNamePattern,
                rolePathPattern: version.rolePathPattern, roleDescriptionPattern: version.roleDescriptionPattern,
                assumeRolePolicyDocumentTemplate: version.trustPolicy,
                inlinePolicyTemplates: version.inlinePolicies.map {
                    IAM.InlinePolicy(policyName: $0.name, policyDocument: $0.document)
                },
                managedPolicyArns: version.managedPolicyNames.map {
                    ARN.iam(partition, account: "aws", "policy/\($0)")
                },
                parametersDefinition: version.parameters.map {
                    IAM.ParameterDefinition(
                        name: $0.name, type: $0.kind.rawValue, description: $0.description, isRequired: $0.isRequired,
                        defaultValue: $0.defaultValue, immutable: $0.immutable)
                },
                roleTagsTemplate: version.tags.map { IAM.TagTemplate(key: $0.key, value: $0.value) },
                maxSessionDuration: version.maxSessionDuration, versionEnabled: version.enabled,
                createTimestamp: version.created, updateTimestamp: version.created))
    }

    public func acquireRole(_ input: IAM.AcquireRoleRequest, _ call: CallContext) async throws
        -> IAM.AcquireRoleResponse
    {
        let caller = call.principal
        let partition = caller.partition
        let (template, version) = try Self.roleTemplate(
            input.templateArn, minor: input.templateMinorVersion, in: partition)
        guard template.enabled, version.enabled else {
            throw AWSError(
                code: "RoleTemplateDisabled",
                message: "The role template \(input.templateArn) version \(version.minorVersion) is disabled.",
                httpStatus: 400)
        }
        let values = try Self.replacementValues(input.replacementValues ?? [:], for: version, caller: caller)
        let role = try RenderedRole(
            version, values: values, lists: Set(version.parameters.filter(\.isList).map(\.name)))
        try validatePath(role.path)
        try validateTrustPolicy(role.trustPolicy, partition)
        // Inline policies have no quota of their own: the role's total is checked, as PutRolePolicy does.
        for (_, document) in role.inlinePolicies {
            try validatePolicy(
                document, grammar: PolicyGrammar(kind: .identity, partition: partition.rawValue), quota: nil)
        }
        let inlineTotal = role.inlinePolicies.reduce(0) { $0 + PolicyDocument.size(of: $1.1) }
        guard inlineTotal <= Limits.roleInlinePolicySize else {
            throw AWSError.limitExceeded(
                "Maximum policy size of \(Limits.roleInlinePolicySize) bytes exceeded for role \(role.name)")
        }
        try validateTags([], adding: role.tags)
        let source = SourceRoleTemplate(templateArn: template.arn(in: partition), minorVersion: version.minorVersion)
        let roleArn = ARN.iam(partition, account: caller.account.rawValue, "role\(role.path)\(role.name)")
        let stored = try await store.write { tx in
            if let existing = tx.get(Role.self, Role.key(caller.account, role.name)) {
                guard existing.sourceRoleTemplate?.templateArn == source.templateArn else {
                    throw AWSError(
                        code: "NameConflict",
                        message:
                            "A role named \(role.name) already exists and was not created from \(input.templateArn).",
                        httpStatus: 409)
                }
                try authorizeUnderlying(["iam:GetRole"], on: existing.arn(in: partition), call)
                return existing
            }
            var actions = ["iam:CreateRole"]
            if !role.inlinePolicies.isEmpty { actions.append("iam:PutRolePolicy") }
            if !version.managedPolicyNames.isEmpty { actions.append("iam:AttachRolePolicy") }
            try authorizeUnderlying(actions, on: roleArn, call)
            try validateTrustPrincipals(role.trustPolicy, tx, caller)
            guard tx.count(Role.self, account: caller.account.rawValue) < Limits.rolesPerAccount else {
                throw AWSError.limitExceeded("Cannot exceed quota for RolesPerAccount: \(Limits.rolesPerAccount)")
            }
            var created = Role(
                account: caller.account, name: role.name, id: UniqueID.make(.role), path: role.path,
                createDate: call.now, assumeRolePolicyDocument: role.trustPolicy,
                maxSessionDuration: version.maxSessionDuration)
            created.description = role.description
            created.tags = role.tags
            created.sourceRoleTemplate = source
            for (name, document) in role.inlinePolicies { created.policies.inlinePolicies[name] = document }
            for name in version.managedPolicyNames {
                created.policies.managedPolicyArns.append(
                    try tx.attachablePolicy(ARN.iam(partition, account: "aws", "policy/\(name)"), caller: caller)
                        .arn(in: partition))
            }
            tx.put(created)
            return created
        }
        return IAM.AcquireRoleResponse(role: IAM.Role(stored, in: partition))
    }

    /// The template and version an ARN and optional minor version name; NoSuchEntity for either missing.
    static func roleTemplate(_ arn: String, minor: Int?, in partition: Partition) throws(AWSError)
        -> (RoleTemplate, RoleTemplate.Version)
    {
        guard let parsed = ARN(parsing: arn), parsed.service == "iam", parsed.resource.hasPrefix("role-template/")
        else {
            throw AWSError.invalidInput("ARN \(arn) is not a role template ARN.")
        }
        guard let template = RoleTemplateCatalog.template(arn: arn, in: partition) else {
            throw AWSError.noSuchEntity("The role template \(arn) cannot be found.")
        }
        guard let version = template.version(minor) else {
            throw AWSError.noSuchEntity("The role template \(arn) has no minor version \(minor ?? -1).")
        }
        return (template, version)
    }

    /// The caller's values checked against the version's parameters (known, given when required, of
    /// their type), with defaults and the implicit `AccountId` and `Partition` added.
    static func replacementValues(
        _ given: [String: IAM.ReplacementValueEntry], for version: RoleTemplate.Version, caller: Principal
    ) throws(AWSError) -> [String: [String]] {
        let parameters = Dictionary(uniqueKeysWithValues: version.parameters.map { ($0.name, $0) })
        if let unknown = given.keys.sorted().first(where: { parameters[$0] == nil }) {
            throw AWSError.invalidInput("The role template version defines no parameter named \(unknown).")
        }
        var values: [String: [String]] = [
            "AccountId": [caller.account.rawValue], "Partition": [caller.partition.rawValue],
        ]
        for parameter in version.parameters {
            guard let value = given[parameter.name]?.values ?? parameter.defaultValue.map({ [$0] }) else {
                if parameter.isRequired {
                    throw AWSError.invalidInput("Missing value for required parameter \(parameter.name).")
                }
                continue
            }
            if !parameter.isList, value.count != 1 {
                throw AWSError.invalidInput(
                    "Parameter \(parameter.name) of type \(parameter.kind.rawValue) takes one value.")
            }
            for item in value {
                let fits: Bool
                switch parameter.kind {
                case .string, .stringList: fits = !item.isEmpty
                case .number, .numberList: fits = Int(item) != nil
                case .arn, .arnList: fits = ARN(parsing: item) != nil
                }
                guard fits else {
                    throw AWSError.invalidInput(
                        "Value \(item) of parameter \(parameter.name) is not a valid \(parameter.kind.rawValue).")
                }
            }
            values[parameter.name] = value
        }
        return values
    }

    /// Each underlying action AcquireRole performs must be allowed to the caller, as if it called it.
    private func authorizeUnderlying(_ actions: [String], on resource: String, _ call: CallContext) throws(AWSError) {
        let snapshot = store.snapshot()
        for action in actions {
            let request = AuthorizationRequest(
                principal: call.principal, action: action, resource: resource, context: call.conditions)
            if case .deny(let error) = environment.authorizer.authorize(request, in: snapshot) { throw error }
        }
    }
}

/// A role template version with its placeholders filled in.
struct RenderedRole {
    var name: String
    var path: String
    var description: String
    var trustPolicy: String
    var inlinePolicies: [(name: String, document: String)]
    var tags: [Tag]

    init(_ version: RoleTemplate.Version, values: [String: [String]], lists: Set<String>) throws(AWSError) {
        func text(_ pattern: String) throws(AWSError) -> String {
            try PlaceholderText(text: pattern).render(values, json: false).text
        }
        func json(_ pattern: String) throws(AWSError) -> String {
            try PlaceholderText(text: pattern).render(values, lists: lists, json: true).text
        }
        name = try text(version.roleNamePattern)
        guard (1...64).contains(name.utf16.count),
            name.unicodeScalars.allSatisfy({
                $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "_+=,.@-".unicodeScalars.contains($0))
            })
        else {
            throw AWSError.invalidInput("The role name \(name) made from the template is not a valid role name.")
        }
        path = try text(version.rolePathPattern)
        description = try text(version.roleDescriptionPattern)
        guard description.utf16.count <= 1000 else {
            throw AWSError.invalidInput("The role description made from the template is longer than 1000 characters.")
        }
        trustPolicy = try json(version.trustPolicy)
        var policies: [(name: String, document: String)] = []
        for policy in version.inlinePolicies { policies.append((policy.name, try json(policy.document))) }
        inlinePolicies = policies
        var tags: [Tag] = []
        for tag in version.tags { tags.append(Tag(key: try text(tag.key), value: try text(tag.value))) }
        self.tags = tags
    }
}

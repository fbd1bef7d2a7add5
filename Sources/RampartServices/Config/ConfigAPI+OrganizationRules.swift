import Foundation
import RampartCore
import RampartStore

extension ConfigAPI {
    /// Organization Config rules per organization (AWS's quota).
    public static let defaultOrganizationRuleLimit = 150

    public func putOrganizationConfigRule(
        _ input: Config.PutOrganizationConfigRuleRequest, _ call: CallContext
    ) async throws -> Config.PutOrganizationConfigRuleResponse {
        let given = try Self.managedMetadata(input)
        let managed = try Self.managedRule(of: Config.Source(owner: "AWS", sourceIdentifier: given.ruleIdentifier))
        if given.maximumExecutionFrequency != nil, managed.trigger == .configurationChange {
            throw ConfigErrors.invalidParameterValue(
                "A maximum execution frequency for this rule is not allowed because only a change in resources triggers this managed rule."
            )
        }
        if given.tagKeyScope != nil || given.tagValueScope != nil {
            throw ConfigErrors.invalidParameterValue("Rampart does not evaluate tag-scoped rules yet.")
        }
        if given.resourceIdScope != nil, given.resourceTypesScope?.count != 1 {
            throw ConfigErrors.invalidParameterValue(
                "A ResourceIdScope requires exactly one resource type in ResourceTypesScope.")
        }
        _ = try RuleParameters.parse(given.inputParameters, for: managed)
        let excluded = (input.excludedAccounts ?? []).compactMap(AccountID.init)
        let caller = call.principal.account
        let name = input.organizationConfigRuleName
        let (now, region, limit) = (call.now, call.region, organizationRuleLimit)
        let rule: OrganizationConfigRule = try await environment.store.write { tx in
            let organization = try ConfigOrganizationAccess.administered(
                by: caller, for: ConfigOrganizationAccess.rulesPrincipal, in: tx, outside: ConfigErrors.noOrganization)
            guard organization.featureSet == .all else { throw ConfigErrors.notAllFeatures }
            let management = organization.managementAccount
            let key = OrganizationConfigRule.key(organization.id, name)
            var rule: OrganizationConfigRule
            if var existing = tx.get(OrganizationConfigRule.self, key) {
                existing.updated = true
                rule = existing
            } else {
                guard tx.count(OrganizationConfigRule.self, account: management.rawValue) < limit else {
                    throw ConfigErrors.error(
                        "MaxNumberOfOrganizationConfigRulesExceededException",
                        "Failed to put the organization Config rule because the organization already contains the maximum number of \(limit) organization Config rules."
                    )
                }
                rule = OrganizationConfigRule(
                    organizationId: organization.id, managementAccount: management, name: name,
                    suffix: Self.randomSuffix(8), ownerAccount: caller, region: region,
                    ruleIdentifier: managed.identifier, lastUpdateTime: now)
            }
            rule.ruleIdentifier = managed.identifier
            rule.description = given.description
            rule.inputParameters = given.inputParameters
            rule.maximumExecutionFrequency = given.maximumExecutionFrequency
            rule.resourceTypesScope = given.resourceTypesScope
            rule.resourceIdScope = given.resourceIdScope
            rule.excludedAccounts = excluded
            rule.lastUpdateTime = now
            tx.put(rule)
            if caller == management {
                ConfigOrganizationAccess.trust(ConfigOrganizationAccess.rulesPrincipal, organization, in: &tx, at: now)
            }
            for account in OrganizationRuleDeployment.accounts(of: organization, in: tx) {
                OrganizationRuleDeployment.sync(account, in: &tx, at: now)
            }
            return tx.get(OrganizationConfigRule.self, key) ?? rule
        }
        return Config.PutOrganizationConfigRuleResponse(
            organizationConfigRuleArn: rule.arn(in: partition(of: rule.ownerAccount)))
    }

    public func describeOrganizationConfigRules(
        _ input: Config.DescribeOrganizationConfigRulesRequest, _ call: CallContext
    ) async throws -> Config.DescribeOrganizationConfigRulesResponse {
        let rules = try organizationRules(named: input.organizationConfigRuleNames, call)
        let page = try ConfigPage(rules, limit: input.limit, defaultLimit: 100, token: input.nextToken, key: \.name)
        return Config.DescribeOrganizationConfigRulesResponse(
            organizationConfigRules: page.items.map { rule in
                Config.OrganizationConfigRule(
                    organizationConfigRuleName: rule.name,
                    organizationConfigRuleArn: rule.arn(in: partition(of: rule.ownerAccount)),
                    organizationManagedRuleMetadata: Config.OrganizationManagedRuleMetadata(
                        description: rule.description, ruleIdentifier: rule.ruleIdentifier,
                        inputParameters: rule.inputParameters,
                        maximumExecutionFrequency: rule.maximumExecutionFrequency,
                        resourceTypesScope: rule.resourceTypesScope, resourceIdScope: rule.resourceIdScope),
                    excludedAccounts: rule.excludedAccounts.isEmpty ? nil : rule.excludedAccounts.map(\.rawValue),
                    lastUpdateTime: rule.lastUpdateTime)
            }, nextToken: page.nextToken)
    }

    public func describeOrganizationConfigRuleStatuses(
        _ input: Config.DescribeOrganizationConfigRuleStatusesRequest, _ call: CallContext
    ) async throws -> Config.DescribeOrganizationConfigRuleStatusesResponse {
        let rules = try organizationRules(named: input.organizationConfigRuleNames, call)
        let page = try ConfigPage(rules, limit: input.limit, defaultLimit: 100, token: input.nextToken, key: \.name)
        return Config.DescribeOrganizationConfigRuleStatusesResponse(
            organizationConfigRuleStatuses: page.items.map { rule in
                let verb = rule.updated ? "UPDATE" : "CREATE"
                let failures = rule.members.filter(\.failed)
                return Config.OrganizationConfigRuleStatus(
                    organizationConfigRuleName: rule.name,
                    organizationRuleStatus: verb + (failures.isEmpty ? "_SUCCESSFUL" : "_FAILED"),
                    errorCode: failures.isEmpty ? nil : "ERROR_IN_MEMBER_ACCOUNTS",
                    errorMessage: failures.isEmpty
                        ? nil
                        : "The rule could not be deployed in \(failures.count) member account(s): "
                            + failures.map(\.account.rawValue).joined(separator: ", ")
                            + ". GetOrganizationConfigRuleDetailedStatus says why.",
                    lastUpdateTime: rule.members.map(\.lastUpdateTime).max() ?? rule.lastUpdateTime)
            }, nextToken: page.nextToken)
    }

    public func getOrganizationConfigRuleDetailedStatus(
        _ input: Config.GetOrganizationConfigRuleDetailedStatusRequest, _ call: CallContext
    ) async throws -> Config.GetOrganizationConfigRuleDetailedStatusResponse {
        guard let rule = try organizationRules(named: [input.organizationConfigRuleName], call).first else {
            throw ConfigErrors.noSuchOrganizationConfigRule(input.organizationConfigRuleName)
        }
        let rows = rule.members.filter { status in
            (input.filters?.accountId.map { $0 == status.account.rawValue } ?? true)
                && (input.filters?.memberAccountRuleStatus.map { $0 == status.status } ?? true)
        }
        let page = try ConfigPage(rows, limit: input.limit, defaultLimit: 100, token: input.nextToken) {
            $0.account.rawValue
        }
        return Config.GetOrganizationConfigRuleDetailedStatusResponse(
            organizationConfigRuleDetailedStatus: page.items.map {
                Config.MemberAccountStatus(
                    accountId: $0.account.rawValue, configRuleName: rule.memberRuleName,
                    memberAccountRuleStatus: $0.status, errorCode: $0.errorCode, errorMessage: $0.errorMessage,
                    lastUpdateTime: $0.lastUpdateTime)
            }, nextToken: page.nextToken)
    }

    public func deleteOrganizationConfigRule(
        _ input: Config.DeleteOrganizationConfigRuleRequest, _ call: CallContext
    ) async throws {
        let caller = call.principal.account
        let name = input.organizationConfigRuleName
        let now = call.now
        try await environment.store.write { tx in
            let organization = try ConfigOrganizationAccess.administered(
                by: caller, for: ConfigOrganizationAccess.rulesPrincipal, in: tx,
                outside: ConfigErrors.notInOrganization)
            let key = OrganizationConfigRule.key(organization.id, name)
            _ = try tx.require(
                OrganizationConfigRule.self, key, missing: ConfigErrors.noSuchOrganizationConfigRule(name))
            tx.delete(OrganizationConfigRule.self, key)
            for account in OrganizationRuleDeployment.accounts(of: organization, in: tx) {
                OrganizationRuleDeployment.sync(account, in: &tx, at: now)
            }
        }
    }

    /// The organization's rules with the given names, sorted (every rule without names), for an administrator.
    func organizationRules(named names: [String]?, _ call: CallContext) throws(AWSError) -> [OrganizationConfigRule] {
        let snapshot = environment.store.snapshot()
        let organization = try ConfigOrganizationAccess.administered(
            by: call.principal.account, for: ConfigOrganizationAccess.rulesPrincipal, in: snapshot,
            outside: ConfigErrors.notInOrganization)
        let all = snapshot.all(OrganizationConfigRule.self, account: organization.managementAccount.rawValue)
            .filter { $0.organizationId == organization.id }
        return try Self.pick(
            names.map { Set($0).sorted() }, from: all, name: \.name, missing: ConfigErrors.noSuchOrganizationConfigRule)
    }

    /// The managed rule's metadata: Rampart runs no Lambda functions and no Guard policies.
    static func managedMetadata(
        _ input: Config.PutOrganizationConfigRuleRequest
    ) throws(AWSError) -> Config.OrganizationManagedRuleMetadata {
        let given = [
            input.organizationManagedRuleMetadata != nil, input.organizationCustomRuleMetadata != nil,
            input.organizationCustomPolicyRuleMetadata != nil,
        ].filter { $0 }.count
        guard given == 1 else {
            throw ConfigErrors.invalidParameterValue(
                "Specify exactly one of OrganizationManagedRuleMetadata, OrganizationCustomRuleMetadata and OrganizationCustomPolicyRuleMetadata."
            )
        }
        guard let managed = input.organizationManagedRuleMetadata else {
            throw ConfigErrors.invalidParameterValue(
                "Rampart evaluates AWS managed rules only; custom Lambda and Guard rules are not supported.")
        }
        return managed
    }
}

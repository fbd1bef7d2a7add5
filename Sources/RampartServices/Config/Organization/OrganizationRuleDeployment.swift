import Foundation
import RampartCore
import RampartStore

/// Keeps each account's share of its organization's Config rules: every organization rule that
/// does not exclude the account is a `ConfigRule` there (`OrgConfigRule-<name>-<suffix>`, created by
/// `config-multiaccountsetup.amazonaws.com`), and no other. Runs inside the write that changes an
/// organization rule, a membership or a recorder, so a joining account is judged by the
/// organization's rules from its first committed state, and one that leaves stops being judged.
enum OrganizationRuleDeployment {
    /// Brings one account's deployed rules in line with its organization's rules and records how it went.
    static func sync(_ id: AccountID, in tx: inout StoreTransaction, at now: Date) {
        let account = tx.get(Account.self, id.rawValue)
        let organization = account?.membership.flatMap { tx.get(Organization.self, $0.organizationId) }
        var wanted: [String: OrganizationConfigRule] = [:]
        if let organization, account?.currentState == .active {
            for rule in tx.all(OrganizationConfigRule.self, account: organization.managementAccount.rawValue)
            where rule.organizationId == organization.id && !rule.excludedAccounts.contains(id) {
                wanted[rule.memberRuleName] = rule
            }
        }
        // Rules of an organization the account left, or that now exclude it.
        for rule in tx.all(ConfigRule.self, account: id.rawValue)
        where rule.createdBy == OrganizationConfigRule.servicePrincipal && wanted[rule.name] == nil {
            tx.delete(ConfigRule.self, rule.recordKey)
            tx.delete(ConfigRuleResults.self, ConfigRuleResults.key(id, rule.name))
        }
        for var rule in tx.snapshot.all(OrganizationConfigRule.self)
        where wanted[rule.memberRuleName] == nil && rule.members.contains(where: { $0.account == id }) {
            rule.members.removeAll { $0.account == id }
            tx.put(rule)
        }
        var deployed: Set<String> = []
        for (name, var rule) in wanted.sorted(by: { $0.key < $1.key }) {
            let status = deploy(rule, to: id, in: &tx, at: now)
            if status.errorCode == nil { deployed.insert(name) }
            rule.members.removeAll { $0.account == id }
            rule.members.append(status)
            rule.members.sort { $0.account.rawValue < $1.account.rawValue }
            tx.put(rule)
        }
        if !deployed.isEmpty {
            _ = ConfigEvaluator.evaluate(id, at: now, in: &tx) { rule, _ in deployed.contains(rule.name) }
        }
    }

    /// Puts (or updates) the account's copy of one organization rule; AWS refuses a managed rule
    /// where no recorder runs, and so does the deployment.
    static func deploy(
        _ organizationRule: OrganizationConfigRule, to id: AccountID, in tx: inout StoreTransaction, at now: Date
    ) -> OrganizationConfigRule.MemberStatus {
        let verb = organizationRule.updated ? "UPDATE" : "CREATE"
        let existing = tx.get(ConfigRule.self, ConfigRule.key(id, organizationRule.memberRuleName))
        func failed(_ error: AWSError) -> OrganizationConfigRule.MemberStatus {
            OrganizationConfigRule.MemberStatus(
                account: id, status: verb + "_FAILED", errorCode: error.code, errorMessage: error.message,
                lastUpdateTime: now)
        }
        guard tx.count(ConfigurationRecorder.self, account: id.rawValue) > 0 else {
            return failed(ConfigErrors.noRecorderForRule)
        }
        if existing == nil, tx.count(ConfigRule.self, account: id.rawValue) >= ConfigAPI.defaultRuleLimit {
            return failed(ConfigErrors.ruleLimit(ConfigAPI.defaultRuleLimit))
        }
        var rule =
            existing
            ?? ConfigRule(
                account: id, region: organizationRule.region, name: organizationRule.memberRuleName,
                id: ConfigAPI.newRuleId(), owner: "AWS", sourceIdentifier: organizationRule.ruleIdentifier,
                firstActivatedTime: now)
        rule.createdBy = OrganizationConfigRule.servicePrincipal
        rule.sourceIdentifier = organizationRule.ruleIdentifier
        rule.description = organizationRule.description
        rule.inputParameters = organizationRule.inputParameters
        rule.maximumExecutionFrequency = organizationRule.maximumExecutionFrequency
        rule.scope =
            organizationRule.resourceTypesScope == nil && organizationRule.resourceIdScope == nil
            ? nil
            : ConfigRule.Scope(
                resourceTypes: organizationRule.resourceTypesScope, tagKey: nil, tagValue: nil,
                resourceId: organizationRule.resourceIdScope)
        tx.put(rule)
        return OrganizationConfigRule.MemberStatus(
            account: id, status: verb + "_SUCCESSFUL", errorCode: nil, errorMessage: nil, lastUpdateTime: now)
    }

    /// Every account of the organization, the management account included.
    static func accounts(of organization: Organization, in tx: StoreTransaction) -> [AccountID] {
        tx.snapshot.allAccounts().filter { $0.membership?.organizationId == organization.id }.map(\.id)
    }
}

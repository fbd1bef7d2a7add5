import Foundation
import RampartCore
import RampartStore

/// What an aggregator sees: each source account's rules in the regions it covers, with their
/// latest verdicts. An account named one by one counts only while it authorizes the aggregator's
/// account and region (or is that account); an organization source is the organization's accounts
/// while the aggregator's owner still administers it.
struct AggregateCompliance {
    struct Row {
        var account: AccountID
        var region: String
        var rule: String
        var results: [ConfigRuleResults.Result]
        var rollup: ComplianceRollup { ComplianceRollup(results.map(\.compliance)) }
        var sortKey: String { account.rawValue + " " + region + " " + rule }
    }

    var rows: [Row]

    init(_ aggregator: ConfigurationAggregator, in snapshot: StoreSnapshot) {
        var rows: [Row] = []
        for account in Self.sourceAccounts(of: aggregator, in: snapshot) {
            var results: [String: [ConfigRuleResults.Result]] = [:]
            for record in snapshot.all(ConfigRuleResults.self, account: account.rawValue) {
                results[record.ruleName] = record.results
            }
            for rule in snapshot.all(ConfigRule.self, account: account.rawValue)
            where aggregator.covers(region: rule.region) {
                rows.append(
                    Row(account: account, region: rule.region, rule: rule.name, results: results[rule.name] ?? []))
            }
        }
        self.rows = rows.sorted { $0.sortKey < $1.sortKey }
    }

    static func sourceAccounts(of aggregator: ConfigurationAggregator, in snapshot: StoreSnapshot) -> [AccountID] {
        if aggregator.organizationSource != nil {
            guard
                let organization = try? ConfigOrganizationAccess.administered(
                    by: aggregator.account, for: ConfigOrganizationAccess.aggregatorPrincipal, in: snapshot,
                    outside: ConfigErrors.noOrganization)
            else { return [] }
            return snapshot.allAccounts().filter { $0.membership?.organizationId == organization.id }.map(\.id)
        }
        return (aggregator.accountSource?.accountIds ?? []).filter { source in
            source == aggregator.account
                || snapshot.get(
                    AggregationAuthorization.self,
                    AggregationAuthorization.key(source, aggregator.account, aggregator.region)) != nil
        }
    }
}

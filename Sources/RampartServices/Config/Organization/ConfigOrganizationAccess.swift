import Foundation
import RampartCore
import RampartStore

/// Who may act for an organization in Config: its management account, or a member registered as
/// delegated administrator for the service principal the feature uses
/// (`config-multiaccountsetup.amazonaws.com` for organization rules, `config.amazonaws.com` for
/// aggregators), as AWS checks with ListDelegatedAdministrators.
enum ConfigOrganizationAccess {
    static let rulesPrincipal = OrganizationConfigRule.servicePrincipal
    static let aggregatorPrincipal = "config.amazonaws.com"

    /// The caller's organization when the caller administers it for `servicePrincipal`. A caller
    /// outside any organization gets `outside` (a put says the organization is unavailable, a read
    /// that only organization accounts may make it).
    static func administered(
        by account: AccountID, for servicePrincipal: String, in reader: some EntityReader, outside: AWSError
    ) throws(AWSError) -> Organization {
        guard let (organization, _) = OrganizationTree.organization(of: account, in: reader) else { throw outside }
        guard
            account == organization.managementAccount
                || organization.delegatedAdministrators.contains(where: {
                    $0.account == account && $0.servicePrincipal == servicePrincipal
                })
        else { throw ConfigErrors.notAdministrator }
        return organization
    }

    /// The management account turns on the service's trusted access when it first uses it, as Config
    /// calls EnableAWSServiceAccess for it on AWS.
    static func trust(
        _ servicePrincipal: String, _ organization: Organization, in tx: inout StoreTransaction, at now: Date
    ) {
        guard !organization.trusts(servicePrincipal), var stored = tx.get(Organization.self, organization.id) else {
            return
        }
        stored.trustedServices.append(TrustedService(servicePrincipal: servicePrincipal, enabledDate: now))
        tx.put(stored)
    }
}

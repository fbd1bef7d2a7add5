import Foundation
import RampartCore
import RampartStore

extension OrganizationsService {
    /// The service principals that can be trusted across an organization here: the services Rampart
    /// serves or whose organization features it models, and the common AWS ones an operator's tools
    /// enable (AWS refuses others as unrecognized).
    static let knownServicePrincipals: Set<String> = [
        "iam.amazonaws.com", "sts.amazonaws.com", "cloudtrail.amazonaws.com", "config.amazonaws.com",
        "config-multiaccountsetup.amazonaws.com", "events.amazonaws.com", "sso.amazonaws.com",
        "account.amazonaws.com", "access-analyzer.amazonaws.com", "securityhub.amazonaws.com",
        "guardduty.amazonaws.com", "member.org.stacksets.cloudformation.amazonaws.com", "ram.amazonaws.com",
        "backup.amazonaws.com", "tagpolicies.tag.amazonaws.com", "health.amazonaws.com",
    ]

    public func enableServiceAccess(_ principal: String, _ call: CallContext) async throws {
        try checkServicePrincipal(principal)
        try await store.write { tx in
            var organization = try organization(call, .management, in: tx)
            try requireAllFeatures(organization)
            guard !organization.trustedServices.contains(where: { $0.servicePrincipal == principal }) else { return }
            organization.trustedServices.append(TrustedService(servicePrincipal: principal, enabledDate: call.now))
            tx.put(organization)
        }
    }

    public func disableServiceAccess(_ principal: String, _ call: CallContext) async throws {
        try checkServicePrincipal(principal)
        try await store.write { tx in
            var organization = try organization(call, .management, in: tx)
            try requireAllFeatures(organization)
            organization.trustedServices.removeAll { $0.servicePrincipal == principal }
            tx.put(organization)
        }
    }

    public func listServiceAccess(nextToken: String?, maxResults: Int?, _ call: CallContext) throws(AWSError) -> (
        [TrustedService], String?
    ) {
        let organization = try organization(call, .managementOrDelegatedAdministrator, in: store.snapshot())
        try requireAllFeatures(organization)
        let page = try OrganizationsPage(
            organization.trustedServices, sortKey: \.servicePrincipal, nextToken: nextToken, maxResults: maxResults)
        return (page.items, page.nextToken)
    }

    public func registerDelegatedAdministrator(accountId: String, servicePrincipal: String, _ call: CallContext)
        async throws
    {
        try checkServicePrincipal(servicePrincipal)
        try await store.write { tx in
            var organization = try organization(call, .management, in: tx)
            try requireAllFeatures(organization)
            let account = try memberAccount(accountId, of: organization, in: tx)
            if account.id == organization.managementAccount {
                throw OrganizationsErrors.constraintViolation(
                    "CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR",
                    "You can't register the management account as a delegated administrator.")
            }
            if account.currentState != .active {
                throw OrganizationsErrors.constraintViolation(
                    "CANNOT_REGISTER_SUSPENDED_ACCOUNT_AS_DELEGATED_ADMINISTRATOR",
                    "You can't register a suspended account as a delegated administrator.")
            }
            guard organization.trustedServices.contains(where: { $0.servicePrincipal == servicePrincipal }) else {
                throw OrganizationsErrors.constraintViolation(
                    "SERVICE_ACCESS_NOT_ENABLED", "Trusted access is not enabled for this service.")
            }
            let forService = organization.delegatedAdministrators.filter { $0.servicePrincipal == servicePrincipal }
            if forService.contains(where: { $0.account == account.id }) {
                throw OrganizationsErrors.accountAlreadyRegistered
            }
            if forService.count >= Limits.delegatedAdministratorsPerService {
                throw OrganizationsErrors.constraintViolation(
                    "MAX_DELEGATED_ADMINISTRATORS_FOR_SERVICE_LIMIT_EXCEEDED",
                    "You have reached the maximum number of delegated administrators for this service.")
            }
            organization.delegatedAdministrators.append(
                DelegatedAdministrator(
                    account: account.id, servicePrincipal: servicePrincipal, delegationEnabledDate: call.now))
            tx.put(organization)
        }
    }

    public func deregisterDelegatedAdministrator(accountId: String, servicePrincipal: String, _ call: CallContext)
        async throws
    {
        try checkServicePrincipal(servicePrincipal)
        try await store.write { tx in
            var organization = try organization(call, .management, in: tx)
            let account = try memberAccount(accountId, of: organization, in: tx)
            let before = organization.delegatedAdministrators.count
            organization.delegatedAdministrators.removeAll {
                $0.account == account.id && $0.servicePrincipal == servicePrincipal
            }
            guard organization.delegatedAdministrators.count < before else {
                throw OrganizationsErrors.accountNotRegistered
            }
            tx.put(organization)
        }
    }

    /// Delegated administrators with their accounts, for one service or all.
    public func listDelegatedAdministrators(
        servicePrincipal: String?, nextToken: String?, maxResults: Int?, _ call: CallContext
    ) throws(AWSError) -> ([(Account, Date)], Organization, String?) {
        let snapshot = store.snapshot()
        let organization = try organization(call, .managementOrDelegatedAdministrator, in: snapshot)
        var earliest = [AccountID: Date]()
        for entry in organization.delegatedAdministrators
        where servicePrincipal == nil || entry.servicePrincipal == servicePrincipal {
            earliest[entry.account] = min(
                earliest[entry.account] ?? entry.delegationEnabledDate, entry.delegationEnabledDate)
        }
        let rows = earliest.compactMap { id, date in snapshot.get(Account.self, id.rawValue).map { ($0, date) } }
        let page = try OrganizationsPage(rows, sortKey: \.0.id.rawValue, nextToken: nextToken, maxResults: maxResults)
        return (page.items, organization, page.nextToken)
    }

    public func listDelegatedServices(accountId: String, nextToken: String?, maxResults: Int?, _ call: CallContext)
        throws(AWSError) -> ([DelegatedAdministrator], String?)
    {
        let snapshot = store.snapshot()
        let organization = try organization(call, .managementOrDelegatedAdministrator, in: snapshot)
        let account = try memberAccount(accountId, of: organization, in: snapshot)
        let services = organization.delegatedAdministrators.filter { $0.account == account.id }
        guard !services.isEmpty else { throw OrganizationsErrors.accountNotRegistered }
        let page = try OrganizationsPage(
            services, sortKey: \.servicePrincipal, nextToken: nextToken, maxResults: maxResults)
        return (page.items, page.nextToken)
    }

    func checkServicePrincipal(_ principal: String) throws(AWSError) {
        guard Self.knownServicePrincipals.contains(principal) else {
            throw OrganizationsErrors.invalidInput(
                "UNRECOGNIZED_SERVICE_PRINCIPAL", "You specified an unrecognized service principal.")
        }
    }

    func requireAllFeatures(_ organization: Organization) throws(AWSError) {
        guard organization.featureSet == .all else {
            throw OrganizationsErrors.constraintViolation(
                "ORGANIZATION_NOT_IN_ALL_FEATURES_MODE",
                "The organization must have all features enabled to perform this operation.")
        }
    }
}

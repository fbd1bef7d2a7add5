import Foundation
import RampartCore
import RampartStore

extension OrganizationsService {
    /// Makes the caller's account the management account of a new organization with one root.
    public func createOrganization(featureSet: Organization.FeatureSet, _ call: CallContext) async throws
        -> Organization
    {
        let account = call.principal.account
        let now = call.now
        return try await store.write { tx in
            var record = try tx.account(account)
            guard record.membership == nil else { throw OrganizationsErrors.alreadyInOrganization }
            let organization = Organization(
                id: OrganizationIDs.organization(), featureSet: featureSet, managementAccount: account,
                managementEmail: record.rootEmail, createDate: now, root: OrganizationRoot(id: OrganizationIDs.root()))
            record.membership = AccountMembership(
                organizationId: organization.id, parentId: organization.root.id, joinedMethod: .created,
                joinedTimestamp: now)
            tx.put(organization)
            tx.put(record)
            return organization
        }
    }

    /// The caller's organization, as any of its accounts sees it.
    public func describeOrganization(_ call: CallContext) throws(AWSError) -> Organization {
        try organization(call, .anyMember, in: store.snapshot())
    }

    /// Deletes an organization that holds only its management account, with its OUs and policies.
    public func deleteOrganization(_ call: CallContext) async throws {
        try await store.write { tx in
            let organization = try organization(call, .management, in: tx)
            let management = organization.managementAccount.rawValue
            let members = accounts(of: organization, in: tx.snapshot).filter {
                $0.id != organization.managementAccount
            }
            guard members.isEmpty else { throw OrganizationsErrors.organizationNotEmpty }
            for unit in tx.all(OrganizationalUnit.self, account: management) {
                tx.delete(OrganizationalUnit.self, unit.recordKey)
            }
            for policy in tx.all(OrganizationPolicy.self, account: management) {
                tx.delete(OrganizationPolicy.self, policy.recordKey)
            }
            for status in tx.all(CreateAccountRequestStatus.self, account: management) {
                tx.delete(CreateAccountRequestStatus.self, status.recordKey)
            }
            for rule in tx.all(OrganizationConfigRule.self, account: management) {
                tx.delete(OrganizationConfigRule.self, rule.recordKey)
            }
            var account = try tx.account(organization.managementAccount)
            account.membership = nil
            tx.put(account)
            tx.delete(Organization.self, organization.recordKey)
            OrganizationRuleDeployment.sync(organization.managementAccount, in: &tx, at: call.now)
        }
    }

    /// A member account leaves its organization and becomes standalone.
    public func leaveOrganization(_ call: CallContext) async throws {
        try await store.write { tx in
            let organization = try organization(call, .anyMember, in: tx)
            try detachFromOrganization(call.principal.account, organization, &tx, at: call.now)
        }
    }

    /// What LeaveOrganization and RemoveAccountFromOrganization share: the account keeps its IAM
    /// namespace and loses its place in the tree and every policy attached to it.
    func detachFromOrganization(
        _ id: AccountID, _ organization: Organization, _ tx: inout StoreTransaction, at now: Date
    ) throws(AWSError) {
        guard id != organization.managementAccount else { throw OrganizationsErrors.masterCannotLeave }
        if organization.delegatedAdministrators.contains(where: { $0.account == id }) {
            throw OrganizationsErrors.constraintViolation(
                "CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG",
                "You can't remove an account that is a delegated administrator. Deregister it first.")
        }
        var account = try tx.account(id)
        account.membership = nil
        tx.put(account)
        OrganizationRuleDeployment.sync(id, in: &tx, at: now)
    }
}

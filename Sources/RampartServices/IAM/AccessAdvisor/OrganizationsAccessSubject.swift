import RampartCore
import RampartStore

/// What an Organizations access report covers, resolved from its entity path (`o-…/r-…[/ou-…]*[/ACCOUNT]`)
/// and optional SCP: the accounts whose attempts count, with each account's own path, and the policies
/// that decide which services are reported (every level of the list must allow a service; none for the
/// management account, which SCPs do not limit).
struct OrganizationsAccessSubject {
    struct CoveredAccount: Equatable {
        var id: AccountID
        /// `o-…/r-…/ou-…/ACCOUNT`, as `AccessDetail.EntityPath` names it.
        var path: String
    }

    var accounts: [CoveredAccount]
    /// Nil: every service (the management account); otherwise the levels of SCPs that must each allow one.
    var policyLevels: [[PolicyGrant]]?

    enum Failure: Error, Equatable {
        case notManagementAccount
        case scpsNotEnabled
        case invalidPath
        case unknownPolicy
    }

    init(entityPath: String, policyId: String?, caller: AccountID, snapshot: StoreSnapshot) throws(Failure) {
        guard let (organization, _) = OrganizationTree.organization(of: caller, in: snapshot),
            organization.managementAccount == caller
        else { throw .notManagementAccount }
        guard organization.root.enabledPolicyTypes.contains(.serviceControl) else { throw .scpsNotEnabled }
        let segments = entityPath.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard segments.count >= 2, segments.count <= OrganizationTree.walkLimit,
            segments[0] == organization.id, segments[1] == organization.root.id
        else { throw .invalidPath }

        // Walk the OUs down from the root; each must be a child of the one before.
        var units = [OrganizationalUnit]()
        var parent = organization.root.id
        var rest = segments.dropFirst(2)
        while let next = rest.first, next.hasPrefix("ou-") {
            guard let unit = snapshot.get(OrganizationalUnit.self, next), unit.parentId == parent,
                unit.organizationId == organization.id
            else { throw .invalidPath }
            units.append(unit)
            parent = unit.id
            rest = rest.dropFirst()
        }
        let members = snapshot.allAccounts().filter { $0.membership?.organizationId == organization.id }
        let prefix = ([organization.id, organization.root.id] + units.map(\.id)).joined(separator: "/")

        let policy: OrganizationPolicy?
        if let policyId {
            guard let found = OrganizationTree.policy(policyId, in: snapshot), found.type == .serviceControl,
                found.awsManaged || found.organizationId == organization.id
            else { throw .unknownPolicy }
            policy = found
        } else {
            policy = nil
        }

        var covered: [CoveredAccount]
        var levels: [[OrganizationPolicy]]?
        switch rest.count {
        case 0:
            // The root or an OU: the accounts anywhere beneath it, the management account excepted.
            let within = Set([parent] + Self.descendants(of: parent, in: snapshot, organization: organization))
            covered = members.compactMap { account in
                guard let membership = account.membership, account.id != organization.managementAccount,
                    within.contains(membership.parentId)
                else { return nil }
                return CoveredAccount(
                    id: account.id,
                    path: OrganizationTree.path(of: organization, parentId: membership.parentId, in: snapshot)
                        + account.id.rawValue)
            }
            levels =
                [Self.scps(organization.root.policyIds, snapshot)] + units.map { Self.scps($0.policyIds, snapshot) }
        case 1:
            guard let last = rest.first, let id = AccountID(last), let account = members.first(where: { $0.id == id }),
                account.membership?.parentId == parent
            else { throw .invalidPath }
            covered = [CoveredAccount(id: id, path: prefix + "/" + id.rawValue)]
            levels =
                id == organization.managementAccount
                ? nil : OrganizationTree.chain(.serviceControl, for: id, in: snapshot)
        default:
            throw .invalidPath
        }
        if let policy, levels != nil {
            // A policy report: only the accounts the SCP applies to, and only what the SCP allows. The
            // management account's report ignores the policy, as AWS's does.
            covered = covered.filter { account in
                OrganizationTree.chain(.serviceControl, for: account.id, in: snapshot)
                    .contains { level in level.contains { $0.id == policy.id } }
            }
            levels = [[policy]]
        }
        self.accounts = covered.sorted { $0.id.rawValue < $1.id.rawValue }
        self.policyLevels = levels?.map { level in level.map { PolicyGrant(json: $0.content) } }
    }

    private static func scps(_ ids: [String], _ snapshot: StoreSnapshot) -> [OrganizationPolicy] {
        ids.compactMap { OrganizationTree.policy($0, in: snapshot) }.filter { $0.type == .serviceControl }
    }

    /// The ids of every OU beneath `parent`, breadth first; bounded by the number of OUs.
    private static func descendants(of parent: String, in snapshot: StoreSnapshot, organization: Organization)
        -> [String]
    {
        let all = snapshot.all(OrganizationalUnit.self, account: organization.managementAccount.rawValue)
        var children = [String: [String]]()
        for unit in all { children[unit.parentId, default: []].append(unit.id) }
        var found = [String]()
        var queue = [parent]
        while let next = queue.popLast(), found.count <= all.count {
            for child in children[next] ?? [] {
                found.append(child)
                queue.append(child)
            }
        }
        return found
    }
}

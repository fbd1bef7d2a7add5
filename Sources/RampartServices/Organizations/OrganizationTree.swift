import RampartCore
import RampartStore

/// Reads of an organization's tree, for snapshots and transactions alike. A target is the root
/// (`r-…`), an OU (`ou-…`) or an account (twelve digits); the tree is at most five OUs deep, and
/// every walk is bounded so that a damaged record cannot make one loop.
enum OrganizationTree {
    /// The deepest a walk from an account to the root can go: five OUs, the root, and slack.
    static let walkLimit = 8

    enum TargetKind { case root, organizationalUnit, account }

    static func kind(of targetId: String) -> TargetKind? {
        if targetId.hasPrefix("r-") { return .root }
        if targetId.hasPrefix("ou-") { return .organizationalUnit }
        return AccountID(targetId) == nil ? nil : .account
    }

    /// The OUs from the root down to `parentId` inclusive (empty when the parent is the root).
    static func organizationalUnits(downTo parentId: String, in reader: some EntityReader) -> [OrganizationalUnit] {
        var chain = [OrganizationalUnit]()
        var current = parentId
        while current.hasPrefix("ou-"), chain.count < walkLimit,
            let unit = reader.get(OrganizationalUnit.self, current)
        {
            chain.append(unit)
            current = unit.parentId
        }
        return chain.reversed()
    }

    /// How many OUs deep a new child of `parentId` would sit: 1 directly under the root.
    static func depth(ofChildOf parentId: String, in reader: some EntityReader) -> Int {
        organizationalUnits(downTo: parentId, in: reader).count + 1
    }

    /// `o-…/r-…/ou-…/`: the path AWS gives in `aws:PrincipalOrgPaths` and `aws:ResourceOrgPaths`.
    static func path(of organization: Organization, parentId: String, in reader: some EntityReader) -> String {
        var path = "\(organization.id)/\(organization.root.id)/"
        for unit in organizationalUnits(downTo: parentId, in: reader) { path += "\(unit.id)/" }
        return path
    }

    /// A policy by id: the organization's own, or an AWS managed one.
    static func policy(_ id: String, in reader: some EntityReader) -> OrganizationPolicy? {
        if let managed = OrganizationPolicy.awsManaged.first(where: { $0.id == id }) { return managed }
        return reader.get(OrganizationPolicy.self, id)
    }

    /// The organization an account belongs to, with its membership.
    static func organization(of account: AccountID, in reader: some EntityReader) -> (Organization, Account)? {
        guard let record = reader.get(Account.self, account.rawValue), let membership = record.membership,
            let organization = reader.get(Organization.self, membership.organizationId)
        else { return nil }
        return (organization, record)
    }

    /// The policies of an authorization type that bind an account, one level per target from the root
    /// down to the account; empty for the management account, outside an organization, or while the
    /// type is not enabled.
    static func chain(_ type: OrganizationPolicyType, for account: AccountID, in reader: some EntityReader)
        -> [[OrganizationPolicy]]
    {
        guard let (organization, record) = organization(of: account, in: reader), let membership = record.membership,
            account != organization.managementAccount, organization.root.enabledPolicyTypes.contains(type)
        else { return [] }
        let units = organizationalUnits(downTo: membership.parentId, in: reader)
        let levels = [organization.root.policyIds] + units.map(\.policyIds) + [membership.policyIds]
        return levels.map { ids in ids.compactMap { policy($0, in: reader) }.filter { $0.type == type } }
    }
}

import RampartCore
import RampartStore

/// A child of a root or OU, as ListChildren reports it.
public struct OrganizationChild: Sendable, Equatable {
    public enum Kind: String, Sendable { case account = "ACCOUNT", organizationalUnit = "ORGANIZATIONAL_UNIT" }
    public var id: String
    public var kind: Kind
}

/// A parent of an account or OU, as ListParents reports it.
public struct OrganizationParent: Sendable, Equatable {
    public enum Kind: String, Sendable { case root = "ROOT", organizationalUnit = "ORGANIZATIONAL_UNIT" }
    public var id: String
    public var kind: Kind
}

extension OrganizationsService {
    public func listRoots(nextToken: String?, maxResults: Int?, _ call: CallContext) throws(AWSError) -> (
        [OrganizationRoot], Organization, String?
    ) {
        let organization = try organization(call, .managementOrDelegatedAdministrator, in: store.snapshot())
        let page = try OrganizationsPage(
            [organization.root], sortKey: \.id, nextToken: nextToken, maxResults: maxResults)
        return (page.items, organization, page.nextToken)
    }

    public func createOrganizationalUnit(parentId: String, name: String, tags: [Tag], _ call: CallContext)
        async throws -> OrganizationalUnit
    {
        try await store.write { tx in
            let organization = try organization(call, .management, in: tx)
            guard parentExists(parentId, in: organization, tx) else { throw OrganizationsErrors.parentNotFound }
            let management = organization.managementAccount.rawValue
            let units = tx.all(OrganizationalUnit.self, account: management)
            if units.count >= Limits.organizationalUnits {
                throw OrganizationsErrors.constraintViolation(
                    "OU_NUMBER_LIMIT_EXCEEDED", "You have reached the maximum number of OUs in your organization.")
            }
            if OrganizationTree.depth(ofChildOf: parentId, in: tx) > Limits.organizationalUnitDepth {
                throw OrganizationsErrors.constraintViolation(
                    "OU_DEPTH_LIMIT_EXCEEDED", "You attempted to create an OU tree that is too many levels deep.")
            }
            if units.contains(where: { $0.parentId == parentId && $0.name == name }) {
                throw OrganizationsErrors.duplicateOrganizationalUnit
            }
            try checkTags(tags)
            var unit = OrganizationalUnit(
                id: OrganizationIDs.organizationalUnit(root: organization.root.id), name: name, parentId: parentId,
                organizationId: organization.id, managementAccount: organization.managementAccount)
            unit.policyIds = defaultPolicyIds(organization)
            unit.tags = tags
            tx.put(unit)
            return unit
        }
    }

    public func describeOrganizationalUnit(_ id: String, _ call: CallContext) throws(AWSError) -> OrganizationalUnit {
        let snapshot = store.snapshot()
        let organization = try organization(call, .managementOrDelegatedAdministrator, in: snapshot)
        return try unit(id, of: organization, snapshot)
    }

    public func updateOrganizationalUnit(_ id: String, name: String?, _ call: CallContext) async throws
        -> OrganizationalUnit
    {
        try await store.write { tx in
            let organization = try organization(call, .management, in: tx)
            var unit = try unit(id, of: organization, tx)
            if let name, name != unit.name {
                let siblings = tx.all(OrganizationalUnit.self, account: organization.managementAccount.rawValue)
                if siblings.contains(where: { $0.parentId == unit.parentId && $0.name == name }) {
                    throw OrganizationsErrors.duplicateOrganizationalUnit
                }
                unit.name = name
                tx.put(unit)
            }
            return unit
        }
    }

    public func deleteOrganizationalUnit(_ id: String, _ call: CallContext) async throws {
        try await store.write { tx in
            let organization = try organization(call, .management, in: tx)
            let unit = try unit(id, of: organization, tx)
            let hasUnits = tx.all(OrganizationalUnit.self, account: organization.managementAccount.rawValue)
                .contains { $0.parentId == unit.id }
            let hasAccounts = tx.snapshot.allAccounts().contains { $0.membership?.parentId == unit.id }
            if hasUnits || hasAccounts { throw OrganizationsErrors.organizationalUnitNotEmpty }
            tx.delete(OrganizationalUnit.self, unit.recordKey)
        }
    }

    public func listOrganizationalUnits(parentId: String, nextToken: String?, maxResults: Int?, _ call: CallContext)
        throws(AWSError) -> ([OrganizationalUnit], String?)
    {
        let snapshot = store.snapshot()
        let organization = try organization(call, .managementOrDelegatedAdministrator, in: snapshot)
        guard parentExists(parentId, in: organization, snapshot) else { throw OrganizationsErrors.parentNotFound }
        let units = snapshot.all(OrganizationalUnit.self, account: organization.managementAccount.rawValue)
            .filter { $0.parentId == parentId }
        let page = try OrganizationsPage(units, sortKey: \.id, nextToken: nextToken, maxResults: maxResults)
        return (page.items, page.nextToken)
    }

    public func listChildren(
        parentId: String, kind: OrganizationChild.Kind, nextToken: String?, maxResults: Int?, _ call: CallContext
    ) throws(AWSError) -> ([OrganizationChild], String?) {
        let snapshot = store.snapshot()
        let organization = try organization(call, .managementOrDelegatedAdministrator, in: snapshot)
        guard parentExists(parentId, in: organization, snapshot) else { throw OrganizationsErrors.parentNotFound }
        let children: [OrganizationChild] =
            switch kind {
            case .organizationalUnit:
                snapshot.all(OrganizationalUnit.self, account: organization.managementAccount.rawValue)
                    .filter { $0.parentId == parentId }.map { OrganizationChild(id: $0.id, kind: .organizationalUnit) }
            case .account:
                accounts(of: organization, in: snapshot).filter { $0.membership?.parentId == parentId }
                    .map { OrganizationChild(id: $0.id.rawValue, kind: .account) }
            }
        let page = try OrganizationsPage(children, sortKey: \.id, nextToken: nextToken, maxResults: maxResults)
        return (page.items, page.nextToken)
    }

    /// The one parent of an account or OU (the API returns a list, which always holds one).
    public func listParents(childId: String, _ call: CallContext) throws(AWSError) -> [OrganizationParent] {
        let snapshot = store.snapshot()
        let organization = try organization(call, .managementOrDelegatedAdministrator, in: snapshot)
        let parentId: String
        switch OrganizationTree.kind(of: childId) {
        case .account:
            guard let account = try? memberAccount(childId, of: organization, in: snapshot),
                let membership = account.membership
            else { throw OrganizationsErrors.childNotFound }
            parentId = membership.parentId
        case .organizationalUnit:
            guard let unit = try? unit(childId, of: organization, snapshot) else {
                throw OrganizationsErrors.childNotFound
            }
            parentId = unit.parentId
        case .root, nil:
            throw OrganizationsErrors.childNotFound
        }
        let kind: OrganizationParent.Kind = parentId == organization.root.id ? .root : .organizationalUnit
        return [OrganizationParent(id: parentId, kind: kind)]
    }

    public func moveAccount(_ accountId: String, from source: String, to destination: String, _ call: CallContext)
        async throws
    {
        try await store.write { tx in
            let organization = try organization(call, .management, in: tx)
            var account = try memberAccount(accountId, of: organization, in: tx)
            guard parentExists(source, in: organization, tx) else { throw OrganizationsErrors.sourceParentNotFound }
            guard parentExists(destination, in: organization, tx) else {
                throw OrganizationsErrors.destinationParentNotFound
            }
            guard var membership = account.membership else { throw OrganizationsErrors.accountNotFound }
            if membership.parentId == destination { throw OrganizationsErrors.duplicateAccount }
            guard membership.parentId == source else { throw OrganizationsErrors.sourceParentNotFound }
            membership.parentId = destination
            account.membership = membership
            tx.put(account)
        }
    }

    func unit(_ id: String, of organization: Organization, _ reader: some EntityReader) throws(AWSError)
        -> OrganizationalUnit
    {
        guard let unit = reader.get(OrganizationalUnit.self, id), unit.organizationId == organization.id else {
            throw OrganizationsErrors.organizationalUnitNotFound
        }
        return unit
    }

    /// What a new OU or account starts with: the full-access policy of every enabled authorization
    /// type, as AWS attaches `FullAWSAccess` to everything once SCPs are enabled.
    func defaultPolicyIds(_ organization: Organization) -> [String] {
        organization.root.enabledPolicyTypes.compactMap { OrganizationPolicy.fullAccess(for: $0)?.id }
    }

    func checkTags(_ tags: [Tag]) throws(AWSError) {
        var keys = Set<String>()
        for tag in tags where !keys.insert(tag.key).inserted {
            throw OrganizationsErrors.invalidInput("DUPLICATE_TAG_KEY", "You can't use duplicate keys in a tag list.")
        }
        if tags.count > Limits.tagsPerResource {
            throw OrganizationsErrors.constraintViolation(
                "MAX_TAG_LIMIT_EXCEEDED", "You have exceeded the number of tags allowed on this resource.")
        }
    }
}

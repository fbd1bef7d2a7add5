import RampartCore

/// The Organizations API over `OrganizationsService`: each operation maps the model's shapes to the
/// service's entities and back. Operations Rampart does not serve (responsibility transfers, the
/// organization's resource policy, effective-policy validation reports) answer as unknown.
public struct OrganizationsAPI: PartialOrganizationsHandler {
    let service: OrganizationsService

    public init(environment: ServiceEnvironment) {
        self.service = OrganizationsService(environment: environment)
    }

    // MARK: - The organization

    public func createOrganization(_ input: Organizations.CreateOrganizationRequest, _ call: CallContext) async throws
        -> Organizations.CreateOrganizationResponse
    {
        let featureSet = Organization.FeatureSet(rawValue: input.featureSet ?? "ALL") ?? .all
        let organization = try await service.createOrganization(featureSet: featureSet, call)
        return Organizations.CreateOrganizationResponse(
            organization: Organizations.Organization(organization, in: call.principal.partition))
    }

    public func describeOrganization(_ call: CallContext) async throws -> Organizations.DescribeOrganizationResponse {
        Organizations.DescribeOrganizationResponse(
            organization: Organizations.Organization(
                try service.describeOrganization(call), in: call.principal.partition))
    }

    public func deleteOrganization(_ call: CallContext) async throws {
        try await service.deleteOrganization(call)
    }

    public func leaveOrganization(_ call: CallContext) async throws {
        try await service.leaveOrganization(call)
    }

    // MARK: - Roots and OUs

    public func listRoots(_ input: Organizations.ListRootsRequest, _ call: CallContext) async throws
        -> Organizations.ListRootsResponse
    {
        let (roots, organization, next) = try service.listRoots(
            nextToken: input.nextToken, maxResults: input.maxResults, call)
        return Organizations.ListRootsResponse(
            roots: roots.map { Organizations.Root($0, in: organization, partition: call.principal.partition) },
            nextToken: next)
    }

    public func createOrganizationalUnit(_ input: Organizations.CreateOrganizationalUnitRequest, _ call: CallContext)
        async throws -> Organizations.CreateOrganizationalUnitResponse
    {
        let unit = try await service.createOrganizationalUnit(
            parentId: input.parentId, name: input.name, tags: input.tags?.domain ?? [], call)
        return Organizations.CreateOrganizationalUnitResponse(
            organizationalUnit: Organizations.OrganizationalUnit(unit, in: call.principal.partition))
    }

    public func describeOrganizationalUnit(
        _ input: Organizations.DescribeOrganizationalUnitRequest, _ call: CallContext
    ) async throws -> Organizations.DescribeOrganizationalUnitResponse {
        let unit = try service.describeOrganizationalUnit(input.organizationalUnitId, call)
        return Organizations.DescribeOrganizationalUnitResponse(
            organizationalUnit: Organizations.OrganizationalUnit(unit, in: call.principal.partition))
    }

    public func updateOrganizationalUnit(_ input: Organizations.UpdateOrganizationalUnitRequest, _ call: CallContext)
        async throws -> Organizations.UpdateOrganizationalUnitResponse
    {
        let unit = try await service.updateOrganizationalUnit(input.organizationalUnitId, name: input.name, call)
        return Organizations.UpdateOrganizationalUnitResponse(
            organizationalUnit: Organizations.OrganizationalUnit(unit, in: call.principal.partition))
    }

    public func deleteOrganizationalUnit(_ input: Organizations.DeleteOrganizationalUnitRequest, _ call: CallContext)
        async throws
    {
        try await service.deleteOrganizationalUnit(input.organizationalUnitId, call)
    }

    public func listOrganizationalUnitsForParent(
        _ input: Organizations.ListOrganizationalUnitsForParentRequest, _ call: CallContext
    ) async throws -> Organizations.ListOrganizationalUnitsForParentResponse {
        let (units, next) = try service.listOrganizationalUnits(
            parentId: input.parentId, nextToken: input.nextToken, maxResults: input.maxResults, call)
        return Organizations.ListOrganizationalUnitsForParentResponse(
            organizationalUnits: units.map { Organizations.OrganizationalUnit($0, in: call.principal.partition) },
            nextToken: next)
    }

    public func listChildren(_ input: Organizations.ListChildrenRequest, _ call: CallContext) async throws
        -> Organizations.ListChildrenResponse
    {
        let kind = OrganizationChild.Kind(rawValue: input.childType) ?? .account
        let (children, next) = try service.listChildren(
            parentId: input.parentId, kind: kind, nextToken: input.nextToken, maxResults: input.maxResults, call)
        return Organizations.ListChildrenResponse(
            children: children.map { Organizations.Child(id: $0.id, type: $0.kind.rawValue) }, nextToken: next)
    }

    public func listParents(_ input: Organizations.ListParentsRequest, _ call: CallContext) async throws
        -> Organizations.ListParentsResponse
    {
        let parents = try service.listParents(childId: input.childId, call)
        return Organizations.ListParentsResponse(
            parents: parents.map { Organizations.Parent(id: $0.id, type: $0.kind.rawValue) })
    }

    public func moveAccount(_ input: Organizations.MoveAccountRequest, _ call: CallContext) async throws {
        try await service.moveAccount(
            input.accountId, from: input.sourceParentId, to: input.destinationParentId, call)
    }
}

import RampartCore
import RampartPolicy
import RampartStore

/// What the organization means for requests of one account: the condition keys it sets
/// (`aws:PrincipalOrgID`, `aws:PrincipalOrgPaths` and their resource twins) and the SCP and RCP
/// levels that bind it, compiled. Computed once per store generation and account.
struct OrganizationFacts: Sendable {
    var organizationId: String
    var managementAccount: AccountID
    /// `o-…/r-…/ou-…/`, down to the OU the account sits in.
    var path: String
    /// One level per target from the root down to the account; every level must allow. Empty for
    /// the management account, which SCPs never bind, and while the type is not enabled.
    var serviceControl: [[CompiledPolicy]]
    /// The same for resource control policies, which bind requests to the account's resources.
    var resourceControl: [[CompiledPolicy]]
    /// Closed (CloseAccount): nothing in the account may act until it is reopened or gone.
    var suspended = false

    static func load(_ account: AccountID, in snapshot: StoreSnapshot, cache: CompiledPolicyCache)
        -> OrganizationFacts?
    {
        guard let (organization, record) = OrganizationTree.organization(of: account, in: snapshot),
            let membership = record.membership
        else { return nil }
        let path = OrganizationTree.path(of: organization, parentId: membership.parentId, in: snapshot)
        var facts = OrganizationFacts(
            organizationId: organization.id, managementAccount: organization.managementAccount, path: path,
            serviceControl: [], resourceControl: [])
        let partition = snapshot.partition(of: organization.managementAccount)
        func compile(_ type: OrganizationPolicyType, kind: PolicyDocument.Kind) -> [[CompiledPolicy]] {
            OrganizationTree.chain(type, for: account, in: snapshot).map { level in
                level.compactMap { cache.policy($0.content, id: $0.arn(in: partition), kind: kind) }
            }
        }
        facts.suspended = record.currentState != .active
        facts.serviceControl = compile(.serviceControl, kind: .identity)
        facts.resourceControl = compile(.resourceControl, kind: .resource)
        return facts
    }
}

/// Each account's `OrganizationFacts`, per store generation. A server with no organization pays one
/// emptiness check per request.
final class OrganizationFactsCache: Sendable {
    private let table = GenerationCache<OrganizationFacts?>()

    func facts(_ account: AccountID, in snapshot: StoreSnapshot, cache: CompiledPolicyCache) -> OrganizationFacts? {
        guard !snapshot.isEmpty(Organization.self) else { return nil }
        return table.value(for: account.rawValue, generation: snapshot.generation) {
            OrganizationFacts.load(account, in: snapshot, cache: cache)
        }
    }
}

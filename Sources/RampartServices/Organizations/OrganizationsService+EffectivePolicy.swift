import Foundation
import RampartCore
import RampartStore

/// A management policy as it applies to one account: the policies of its type attached from the
/// root down to the account, merged.
public struct EffectivePolicy: Sendable, Equatable {
    public var content: String
    public var lastUpdated: Date
    public var targetId: String
    public var type: OrganizationPolicyType
}

extension OrganizationsService {
    /// The effective management policy (tag, backup, opt-out, …) of an account: the caller's own by
    /// default; the management account may ask about any member. Policies merge from the root down,
    /// a child's value replacing its parent's at the same key and objects merging member by member —
    /// the default inheritance of AWS's management policies (the `@@` operators are kept as written).
    public func describeEffectivePolicy(type: OrganizationPolicyType, targetId: String?, _ call: CallContext)
        throws(AWSError) -> EffectivePolicy
    {
        let snapshot = store.snapshot()
        let caller = call.principal.account
        let organization = try organization(call, .anyMember, in: snapshot)
        let target = targetId ?? caller.rawValue
        if target != caller.rawValue && caller != organization.managementAccount {
            throw OrganizationsErrors.accessDenied
        }
        guard OrganizationTree.kind(of: target) == .account else {
            throw OrganizationsErrors.invalidInput(
                "TARGET_NOT_SUPPORTED", "You can specify only an account as the target of this operation.")
        }
        let account = try memberAccount(target, of: organization, in: snapshot)
        guard organization.root.enabledPolicyTypes.contains(type), let membership = account.membership else {
            throw OrganizationsErrors.effectivePolicyNotFound
        }
        let units = OrganizationTree.organizationalUnits(downTo: membership.parentId, in: snapshot)
        let levels = [organization.root.policyIds] + units.map(\.policyIds) + [membership.policyIds]
        var merged = [String: Any]()
        var found = false
        for id in levels.joined() {
            guard let policy = OrganizationTree.policy(id, in: snapshot), policy.type == type,
                let object = try? JSONSerialization.jsonObject(with: Data(policy.content.utf8)) as? [String: Any]
            else { continue }
            merged = Self.merge(merged, object)
            found = true
        }
        guard found,
            let data = try? JSONSerialization.data(withJSONObject: merged, options: [.sortedKeys]),
            let content = String(data: data, encoding: .utf8)
        else { throw OrganizationsErrors.effectivePolicyNotFound }
        return EffectivePolicy(content: content, lastUpdated: call.now, targetId: target, type: type)
    }

    static func merge(_ parent: [String: Any], _ child: [String: Any]) -> [String: Any] {
        var result = parent
        for (key, value) in child {
            if let inner = value as? [String: Any], let existing = result[key] as? [String: Any] {
                result[key] = merge(existing, inner)
            } else {
                result[key] = value
            }
        }
        return result
    }
}

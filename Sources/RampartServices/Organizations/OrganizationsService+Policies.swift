import RampartCore
import RampartPolicy
import RampartStore

/// Where a policy is attached, as ListTargetsForPolicy reports it.
public struct OrganizationPolicyTarget: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case account = "ACCOUNT", organizationalUnit = "ORGANIZATIONAL_UNIT", root = "ROOT"
    }
    public var id: String
    public var arn: String
    public var name: String
    public var kind: Kind
}

extension OrganizationsService {
    public func enablePolicyType(rootId: String, type: OrganizationPolicyType, _ call: CallContext) async throws
        -> (OrganizationRoot, Organization)
    {
        try await store.write { tx in
            var organization = try organization(call, .management, in: tx)
            guard organization.root.id == rootId else { throw OrganizationsErrors.rootNotFound }
            guard organization.featureSet == .all else { throw OrganizationsErrors.policyTypeNotAvailable }
            if organization.root.enabledPolicyTypes.contains(type) {
                throw OrganizationsErrors.policyTypeAlreadyEnabled
            }
            organization.root.enabledPolicyTypes.append(type)
            // Enabling an authorization type attaches its full-access policy everywhere, so nothing changes
            // until a narrower policy replaces it.
            if let full = OrganizationPolicy.fullAccess(for: type) {
                organization.root.policyIds.append(full.id)
                try forEachTarget(below: organization, &tx) { $0.append(full.id) }
            }
            tx.put(organization)
            return (organization.root, organization)
        }
    }

    public func disablePolicyType(rootId: String, type: OrganizationPolicyType, _ call: CallContext) async throws
        -> (OrganizationRoot, Organization)
    {
        try await store.write { tx in
            var organization = try organization(call, .management, in: tx)
            guard organization.root.id == rootId else { throw OrganizationsErrors.rootNotFound }
            guard organization.root.enabledPolicyTypes.contains(type) else {
                throw OrganizationsErrors.policyTypeNotEnabled
            }
            organization.root.enabledPolicyTypes.removeAll { $0 == type }
            // Every attachment of the type goes with it, as on AWS.
            let ofType = Set(
                policies(of: organization, in: tx.snapshot).filter { $0.type == type }.map(\.id)
                    + OrganizationPolicy.awsManaged.filter { $0.type == type }.map(\.id))
            organization.root.policyIds.removeAll { ofType.contains($0) }
            try forEachTarget(below: organization, &tx) { ids in ids.removeAll { ofType.contains($0) } }
            tx.put(organization)
            return (organization.root, organization)
        }
    }

    public func createPolicy(
        name: String, description: String, type: OrganizationPolicyType, content: String, tags: [Tag],
        _ call: CallContext
    ) async throws -> OrganizationPolicy {
        try checkTags(tags)
        try validate(content, type: type)
        return try await store.write { tx in
            let organization = try organization(call, .management, in: tx)
            if type.isAuthorization && organization.featureSet != .all {
                throw OrganizationsErrors.policyTypeNotAvailable
            }
            let existing = policies(of: organization, in: tx.snapshot).filter { $0.type == type }
            if existing.count >= Limits.policiesPerType {
                throw OrganizationsErrors.constraintViolation(
                    "POLICY_NUMBER_LIMIT_EXCEEDED", "You have reached the maximum number of policies of this type.")
            }
            if existing.contains(where: { $0.name == name })
                || OrganizationPolicy.awsManaged.contains(where: { $0.type == type && $0.name == name })
            {
                throw OrganizationsErrors.duplicatePolicy
            }
            var policy = OrganizationPolicy(
                id: OrganizationIDs.policy(), name: name, description: description, type: type, content: content,
                organizationId: organization.id, managementAccount: organization.managementAccount)
            policy.tags = tags
            tx.put(policy)
            return policy
        }
    }

    public func updatePolicy(
        _ id: String, name: String?, description: String?, content: String?, _ call: CallContext
    ) async throws -> OrganizationPolicy {
        try await store.write { tx in
            let organization = try organization(call, .management, in: tx)
            var policy = try customerPolicy(id, of: organization, tx)
            if let content {
                try validate(content, type: policy.type)
                policy.content = content
            }
            if let name, name != policy.name {
                if policies(of: organization, in: tx.snapshot).contains(where: {
                    $0.type == policy.type && $0.name == name
                }) {
                    throw OrganizationsErrors.duplicatePolicy
                }
                policy.name = name
            }
            if let description { policy.description = description }
            tx.put(policy)
            return policy
        }
    }

    public func deletePolicy(_ id: String, _ call: CallContext) async throws {
        try await store.write { tx in
            let organization = try organization(call, .management, in: tx)
            let policy = try customerPolicy(id, of: organization, tx)
            if !targets(of: policy.id, in: organization, tx.snapshot).isEmpty { throw OrganizationsErrors.policyInUse }
            tx.delete(OrganizationPolicy.self, policy.recordKey)
        }
    }

    public func describePolicy(_ id: String, _ call: CallContext) throws(AWSError) -> OrganizationPolicy {
        let snapshot = store.snapshot()
        let organization = try organization(call, .managementOrDelegatedAdministrator, in: snapshot)
        return try anyPolicy(id, of: organization, snapshot)
    }

    public func listPolicies(type: OrganizationPolicyType, nextToken: String?, maxResults: Int?, _ call: CallContext)
        throws(AWSError) -> ([OrganizationPolicy], String?)
    {
        let snapshot = store.snapshot()
        let organization = try organization(call, .managementOrDelegatedAdministrator, in: snapshot)
        let all = (OrganizationPolicy.awsManaged + policies(of: organization, in: snapshot)).filter { $0.type == type }
        let page = try OrganizationsPage(all, sortKey: \.id, nextToken: nextToken, maxResults: maxResults)
        return (page.items, page.nextToken)
    }

    public func attachPolicy(_ policyId: String, to targetId: String, _ call: CallContext) async throws {
        try await store.write { tx in
            var organization = try organization(call, .management, in: tx)
            let policy = try anyPolicy(policyId, of: organization, tx)
            guard organization.root.enabledPolicyTypes.contains(policy.type) else {
                throw OrganizationsErrors.policyTypeNotEnabled
            }
            let before = tx.snapshot
            try updateTarget(targetId, in: &organization, &tx) { ids throws(AWSError) in
                if ids.contains(policy.id) { throw OrganizationsErrors.duplicatePolicyAttachment }
                let sameType = ids.filter { OrganizationTree.policy($0, in: before)?.type == policy.type }
                if sameType.count >= Limits.policiesPerTarget {
                    throw OrganizationsErrors.constraintViolation(
                        "MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED",
                        "You attempted to attach more policies of this type to the target than the quota allows.")
                }
                ids.append(policy.id)
            }
        }
    }

    public func detachPolicy(_ policyId: String, from targetId: String, _ call: CallContext) async throws {
        try await store.write { tx in
            var organization = try organization(call, .management, in: tx)
            let policy = try anyPolicy(policyId, of: organization, tx)
            if policy.type == .resourceControl && policy.awsManaged {
                throw OrganizationsErrors.invalidInput(
                    "NON_DETACHABLE_POLICY", "You can't detach the RCPFullAWSAccess policy.")
            }
            let before = tx.snapshot
            try updateTarget(targetId, in: &organization, &tx) { ids throws(AWSError) in
                guard ids.contains(policy.id) else { throw OrganizationsErrors.policyNotAttached }
                // An SCP level with nothing attached would deny everything below it: AWS refuses instead.
                let sameType = ids.filter { OrganizationTree.policy($0, in: before)?.type == policy.type }
                if policy.type == .serviceControl && sameType.count == 1 {
                    throw OrganizationsErrors.constraintViolation(
                        "MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED",
                        "You attempted to detach the last policy of this type from the target.")
                }
                ids.removeAll { $0 == policy.id }
            }
        }
    }

    public func listPoliciesForTarget(
        _ targetId: String, type: OrganizationPolicyType, nextToken: String?, maxResults: Int?, _ call: CallContext
    ) throws(AWSError) -> ([OrganizationPolicy], String?) {
        let snapshot = store.snapshot()
        let organization = try organization(call, .managementOrDelegatedAdministrator, in: snapshot)
        let ids = try policyIds(on: targetId, in: organization, snapshot)
        let policies = ids.compactMap { OrganizationTree.policy($0, in: snapshot) }.filter { $0.type == type }
        let page = try OrganizationsPage(policies, sortKey: \.id, nextToken: nextToken, maxResults: maxResults)
        return (page.items, page.nextToken)
    }

    public func listTargetsForPolicy(_ policyId: String, nextToken: String?, maxResults: Int?, _ call: CallContext)
        throws(AWSError) -> ([OrganizationPolicyTarget], String?)
    {
        let snapshot = store.snapshot()
        let organization = try organization(call, .managementOrDelegatedAdministrator, in: snapshot)
        let policy = try anyPolicy(policyId, of: organization, snapshot)
        let page = try OrganizationsPage(
            targets(of: policy.id, in: organization, snapshot), sortKey: \.id, nextToken: nextToken,
            maxResults: maxResults)
        return (page.items, page.nextToken)
    }

    // MARK: - Helpers

    func policies(of organization: Organization, in snapshot: StoreSnapshot) -> [OrganizationPolicy] {
        snapshot.all(OrganizationPolicy.self, account: organization.managementAccount.rawValue)
            .filter { $0.organizationId == organization.id }
    }

    /// A policy the caller's organization can read: its own or an AWS managed one.
    func anyPolicy(_ id: String, of organization: Organization, _ reader: some EntityReader) throws(AWSError)
        -> OrganizationPolicy
    {
        guard let policy = OrganizationTree.policy(id, in: reader),
            policy.awsManaged || policy.organizationId == organization.id
        else { throw OrganizationsErrors.policyNotFound }
        return policy
    }

    /// A policy the organization may change: AWS managed ones are immutable.
    func customerPolicy(_ id: String, of organization: Organization, _ reader: some EntityReader) throws(AWSError)
        -> OrganizationPolicy
    {
        let policy = try anyPolicy(id, of: organization, reader)
        if policy.awsManaged {
            throw OrganizationsErrors.invalidInput("IMMUTABLE_POLICY", "You can't modify an AWS managed policy.")
        }
        return policy
    }

    /// Authorization policies must be valid IAM policy language of their kind; management policies
    /// must be JSON objects. Both must fit their type's size.
    func validate(_ content: String, type: OrganizationPolicyType) throws(AWSError) {
        if content.count > type.maximumSize {
            throw OrganizationsErrors.constraintViolation(
                "POLICY_CONTENT_LIMIT_EXCEEDED", "The policy is larger than the maximum size for its type.")
        }
        guard type.isAuthorization else {
            guard PolicyDocument.isStrictJSONObject(content) else {
                throw OrganizationsErrors.malformedPolicyDocument("The policy is not a JSON object.")
            }
            return
        }
        do {
            let document = try PolicyDocument(json: content, kind: type == .serviceControl ? .identity : .resource)
            _ = try CompiledPolicy(document: document, id: "validation")
        } catch {
            // Organizations does not say what is wrong, only that the document is not one of its type.
            throw OrganizationsErrors.policyNotOfItsType
        }
    }

    /// The policies attached to a root, OU or account of the organization.
    func policyIds(on targetId: String, in organization: Organization, _ reader: some EntityReader) throws(AWSError)
        -> [String]
    {
        switch OrganizationTree.kind(of: targetId) {
        case .root:
            guard targetId == organization.root.id else { throw OrganizationsErrors.targetNotFound }
            return organization.root.policyIds
        case .organizationalUnit:
            guard let unit = try? unit(targetId, of: organization, reader) else {
                throw OrganizationsErrors.targetNotFound
            }
            return unit.policyIds
        case .account:
            guard let account = try? memberAccount(targetId, of: organization, in: reader) else {
                throw OrganizationsErrors.targetNotFound
            }
            return account.membership?.policyIds ?? []
        case nil:
            throw OrganizationsErrors.targetNotFound
        }
    }

    /// Changes the policy list of one target in place.
    func updateTarget(
        _ targetId: String, in organization: inout Organization, _ tx: inout StoreTransaction,
        _ change: (inout [String]) throws(AWSError) -> Void
    ) throws(AWSError) {
        switch OrganizationTree.kind(of: targetId) {
        case .root:
            guard targetId == organization.root.id else { throw OrganizationsErrors.targetNotFound }
            try change(&organization.root.policyIds)
            tx.put(organization)
        case .organizationalUnit:
            guard var unit = try? unit(targetId, of: organization, tx) else { throw OrganizationsErrors.targetNotFound }
            try change(&unit.policyIds)
            tx.put(unit)
        case .account:
            guard var account = try? memberAccount(targetId, of: organization, in: tx),
                var membership = account.membership
            else { throw OrganizationsErrors.targetNotFound }
            try change(&membership.policyIds)
            account.membership = membership
            tx.put(account)
        case nil:
            throw OrganizationsErrors.targetNotFound
        }
    }

    /// Applies a change to every OU and account of the organization (not the root).
    func forEachTarget(
        below organization: Organization, _ tx: inout StoreTransaction, _ change: (inout [String]) -> Void
    ) throws(AWSError) {
        for var unit in tx.all(OrganizationalUnit.self, account: organization.managementAccount.rawValue)
        where unit.organizationId == organization.id {
            change(&unit.policyIds)
            tx.put(unit)
        }
        for var account in accounts(of: organization, in: tx.snapshot) {
            guard var membership = account.membership else { continue }
            change(&membership.policyIds)
            account.membership = membership
            tx.put(account)
        }
    }

    func targets(of policyId: String, in organization: Organization, _ snapshot: StoreSnapshot)
        -> [OrganizationPolicyTarget]
    {
        var targets = [OrganizationPolicyTarget]()
        let partition = snapshot.partition(of: organization.managementAccount)
        if organization.root.policyIds.contains(policyId) {
            targets.append(
                OrganizationPolicyTarget(
                    id: organization.root.id, arn: organization.root.arn(in: organization, partition: partition),
                    name: organization.root.name,
                    kind: .root))
        }
        for unit in snapshot.all(OrganizationalUnit.self, account: organization.managementAccount.rawValue)
        where unit.organizationId == organization.id && unit.policyIds.contains(policyId) {
            targets.append(
                OrganizationPolicyTarget(
                    id: unit.id, arn: unit.arn(in: partition), name: unit.name, kind: .organizationalUnit))
        }
        for account in accounts(of: organization, in: snapshot)
        where account.membership?.policyIds.contains(policyId) == true {
            targets.append(
                OrganizationPolicyTarget(
                    id: account.id.rawValue, arn: organization.accountArn(account.id, in: partition),
                    name: account.displayName,
                    kind: .account))
        }
        return targets
    }
}

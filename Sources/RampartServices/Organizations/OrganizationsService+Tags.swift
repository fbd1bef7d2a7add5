import RampartCore
import RampartStore

extension OrganizationsService {
    /// Tags on an account, root, OU or policy of the caller's organization.
    public func listTags(resourceId: String, nextToken: String?, _ call: CallContext) throws(AWSError) -> (
        [Tag], String?
    ) {
        let snapshot = store.snapshot()
        let organization = try organization(call, .managementOrDelegatedAdministrator, in: snapshot)
        let tags = try currentTags(resourceId, organization, snapshot)
        let page = try OrganizationsPage(tags, sortKey: \.key, nextToken: nextToken, maxResults: 50)
        return (page.items, page.nextToken)
    }

    public func tagResource(_ resourceId: String, tags: [Tag], _ call: CallContext) async throws {
        try checkTags(tags)
        try await retag(resourceId, call) { existing throws(AWSError) in
            let merged = existing.mergingExactly(tags)
            if merged.count > Limits.tagsPerResource {
                throw OrganizationsErrors.constraintViolation(
                    "MAX_TAG_LIMIT_EXCEEDED", "You have exceeded the number of tags allowed on this resource.")
            }
            return merged
        }
    }

    public func untagResource(_ resourceId: String, keys: [String], _ call: CallContext) async throws {
        try await retag(resourceId, call) { existing throws(AWSError) in
            existing.filter { !keys.contains($0.key) }
        }
    }

    private func currentTags(_ id: String, _ organization: Organization, _ reader: some EntityReader) throws(AWSError)
        -> [Tag]
    {
        if id.hasPrefix("p-") { return try customerPolicy(id, of: organization, reader).tags }
        switch OrganizationTree.kind(of: id) {
        case .root:
            guard id == organization.root.id else { throw OrganizationsErrors.targetNotFound }
            return organization.root.tags
        case .organizationalUnit:
            guard let unit = try? unit(id, of: organization, reader) else { throw OrganizationsErrors.targetNotFound }
            return unit.tags
        case .account:
            guard let account = try? memberAccount(id, of: organization, in: reader) else {
                throw OrganizationsErrors.targetNotFound
            }
            return account.tags ?? []
        case nil:
            throw OrganizationsErrors.targetNotFound
        }
    }

    private func retag(_ id: String, _ call: CallContext, _ change: @escaping ([Tag]) throws(AWSError) -> [Tag])
        async throws
    {
        try await store.write { tx in
            var organization = try organization(call, .management, in: tx)
            let tags = try change(try currentTags(id, organization, tx))
            if id.hasPrefix("p-") {
                var policy = try customerPolicy(id, of: organization, tx)
                policy.tags = tags
                tx.put(policy)
                return
            }
            switch OrganizationTree.kind(of: id) {
            case .root:
                organization.root.tags = tags
                tx.put(organization)
            case .organizationalUnit:
                var unit = try unit(id, of: organization, tx)
                unit.tags = tags
                tx.put(unit)
            case .account:
                var account = try memberAccount(id, of: organization, in: tx)
                account.tags = tags
                tx.put(account)
            case nil:
                throw OrganizationsErrors.targetNotFound
            }
        }
    }
}

extension Array where Element == Tag {
    /// Adds or replaces tags by key. Organizations' tag keys are case-sensitive, unlike IAM's.
    func mergingExactly(_ new: [Tag]) -> [Tag] {
        var result = self
        for tag in new {
            if let index = result.firstIndex(where: { $0.key == tag.key }) {
                result[index] = tag
            } else {
                result.append(tag)
            }
        }
        return result
    }
}

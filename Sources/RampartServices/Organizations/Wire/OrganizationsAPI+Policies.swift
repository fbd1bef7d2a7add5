import RampartCore

extension OrganizationsAPI {
    public func enablePolicyType(_ input: Organizations.EnablePolicyTypeRequest, _ call: CallContext) async throws
        -> Organizations.EnablePolicyTypeResponse
    {
        let (root, organization) = try await service.enablePolicyType(
            rootId: input.rootId, type: OrganizationPolicyType(rawValue: input.policyType), call)
        return Organizations.EnablePolicyTypeResponse(
            root: Organizations.Root(root, in: organization, partition: call.principal.partition))
    }

    public func disablePolicyType(_ input: Organizations.DisablePolicyTypeRequest, _ call: CallContext) async throws
        -> Organizations.DisablePolicyTypeResponse
    {
        let (root, organization) = try await service.disablePolicyType(
            rootId: input.rootId, type: OrganizationPolicyType(rawValue: input.policyType), call)
        return Organizations.DisablePolicyTypeResponse(
            root: Organizations.Root(root, in: organization, partition: call.principal.partition))
    }

    public func createPolicy(_ input: Organizations.CreatePolicyRequest, _ call: CallContext) async throws
        -> Organizations.CreatePolicyResponse
    {
        let policy = try await service.createPolicy(
            name: input.name, description: input.description, type: OrganizationPolicyType(rawValue: input.type),
            content: input.content, tags: input.tags?.domain ?? [], call)
        return Organizations.CreatePolicyResponse(policy: Organizations.Policy(policy, in: call.principal.partition))
    }

    public func updatePolicy(_ input: Organizations.UpdatePolicyRequest, _ call: CallContext) async throws
        -> Organizations.UpdatePolicyResponse
    {
        let policy = try await service.updatePolicy(
            input.policyId, name: input.name, description: input.description, content: input.content, call)
        return Organizations.UpdatePolicyResponse(policy: Organizations.Policy(policy, in: call.principal.partition))
    }

    public func deletePolicy(_ input: Organizations.DeletePolicyRequest, _ call: CallContext) async throws {
        try await service.deletePolicy(input.policyId, call)
    }

    public func describePolicy(_ input: Organizations.DescribePolicyRequest, _ call: CallContext) async throws
        -> Organizations.DescribePolicyResponse
    {
        Organizations.DescribePolicyResponse(
            policy: Organizations.Policy(try service.describePolicy(input.policyId, call), in: call.principal.partition)
        )
    }

    public func listPolicies(_ input: Organizations.ListPoliciesRequest, _ call: CallContext) async throws
        -> Organizations.ListPoliciesResponse
    {
        let (policies, next) = try service.listPolicies(
            type: OrganizationPolicyType(rawValue: input.filter), nextToken: input.nextToken,
            maxResults: input.maxResults, call)
        return Organizations.ListPoliciesResponse(
            policies: policies.map { Organizations.PolicySummary($0, in: call.principal.partition) }, nextToken: next)
    }

    public func attachPolicy(_ input: Organizations.AttachPolicyRequest, _ call: CallContext) async throws {
        try await service.attachPolicy(input.policyId, to: input.targetId, call)
    }

    public func detachPolicy(_ input: Organizations.DetachPolicyRequest, _ call: CallContext) async throws {
        try await service.detachPolicy(input.policyId, from: input.targetId, call)
    }

    public func listPoliciesForTarget(_ input: Organizations.ListPoliciesForTargetRequest, _ call: CallContext)
        async throws -> Organizations.ListPoliciesForTargetResponse
    {
        let (policies, next) = try service.listPoliciesForTarget(
            input.targetId, type: OrganizationPolicyType(rawValue: input.filter), nextToken: input.nextToken,
            maxResults: input.maxResults, call)
        return Organizations.ListPoliciesForTargetResponse(
            policies: policies.map { Organizations.PolicySummary($0, in: call.principal.partition) }, nextToken: next)
    }

    public func listTargetsForPolicy(_ input: Organizations.ListTargetsForPolicyRequest, _ call: CallContext)
        async throws -> Organizations.ListTargetsForPolicyResponse
    {
        let (targets, next) = try service.listTargetsForPolicy(
            input.policyId, nextToken: input.nextToken, maxResults: input.maxResults, call)
        return Organizations.ListTargetsForPolicyResponse(
            targets: targets.map {
                Organizations.PolicyTargetSummary(targetId: $0.id, arn: $0.arn, name: $0.name, type: $0.kind.rawValue)
            }, nextToken: next)
    }

    public func describeEffectivePolicy(_ input: Organizations.DescribeEffectivePolicyRequest, _ call: CallContext)
        async throws -> Organizations.DescribeEffectivePolicyResponse
    {
        let effective = try service.describeEffectivePolicy(
            type: OrganizationPolicyType(rawValue: input.policyType), targetId: input.targetId, call)
        return Organizations.DescribeEffectivePolicyResponse(
            effectivePolicy: Organizations.EffectivePolicy(
                policyContent: effective.content, lastUpdatedTimestamp: effective.lastUpdated,
                targetId: effective.targetId, policyType: effective.type.rawValue))
    }
}

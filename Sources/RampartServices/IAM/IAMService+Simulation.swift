import RampartCore
import RampartPolicy

/// The policy simulator: SimulatePrincipalPolicy, SimulateCustomPolicy and the two GetContextKeysFor…Policy
/// operations, answered by the engine that authorizes live requests (IAM/Simulation/ holds the pieces).
extension IAMService {
    public func simulatePrincipalPolicy(_ input: IAM.SimulatePrincipalPolicyRequest, _ call: CallContext)
        async throws -> IAM.SimulatePolicyResponse
    {
        let account = call.principal.account
        let principal = try PrincipalSimulationPolicies(
            arn: input.policySourceArn, account: account, partition: call.principal.partition,
            snapshot: store.snapshot(),
            exclusions: PolicyExclusions(input.policyExclusionList))
        let boundary = try Self.boundaryInput(input.permissionsBoundaryPolicyInputList) ?? principal.boundary
        // The live organization's SCPs, as they bind this account's principals.
        let levels = try OrganizationTree.chain(.serviceControl, for: account, in: store.snapshot()).map { level in
            try level.map { policy throws(AWSError) in
                try SimulatedPolicy(json: policy.content, sourceId: policy.id, source: .none, kind: .identity)
            }
        }
        return try simulate(
            identity: principal.identity + Self.policyInputs(input.policyInputList), boundary: boundary,
            scpLevels: levels, defaultCaller: input.policySourceArn, account: account,
            partition: call.principal.partition,
            request: SimulationRequest(
                actionNames: input.actionNames, resourceArns: input.resourceArns, resourcePolicy: input.resourcePolicy,
                resourceOwner: input.resourceOwner, callerArn: input.callerArn, contextEntries: input.contextEntries,
                maxItems: input.maxItems, marker: input.marker))
    }

    public func simulateCustomPolicy(_ input: IAM.SimulateCustomPolicyRequest, _ call: CallContext) async throws
        -> IAM.SimulatePolicyResponse
    {
        var levels = [[SimulatedPolicy]]()
        for (levelIndex, level) in (input.orderedOrganizationPolicyInputList ?? []).enumerated() {
            var policies = [SimulatedPolicy]()
            for (index, json) in (level.serviceControlPolicyInputList ?? []).enumerated() {
                policies.append(
                    try SimulatedPolicy(
                        json: json,
                        sourceId:
                            "OrderedOrganizationPolicyInputList.\(levelIndex + 1).ServiceControlPolicyInputList.\(index + 1)",
                        source: .none, kind: .identity))
            }
            levels.append(policies)
        }
        return try simulate(
            identity: Self.policyInputs(input.policyInputList),
            boundary: Self.boundaryInput(input.permissionsBoundaryPolicyInputList), scpLevels: levels,
            defaultCaller: nil, account: call.principal.account, partition: call.principal.partition,
            request: SimulationRequest(
                actionNames: input.actionNames, resourceArns: input.resourceArns, resourcePolicy: input.resourcePolicy,
                resourceOwner: input.resourceOwner, callerArn: input.callerArn, contextEntries: input.contextEntries,
                maxItems: input.maxItems, marker: input.marker))
    }

    public func getContextKeysForPrincipalPolicy(
        _ input: IAM.GetContextKeysForPrincipalPolicyRequest, _ call: CallContext
    ) async throws -> IAM.GetContextKeysForPolicyResponse {
        let principal = try PrincipalSimulationPolicies(
            arn: input.policySourceArn, account: call.principal.account, partition: call.principal.partition,
            snapshot: store.snapshot(),
            exclusions: PolicyExclusions(nil))
        let policies = principal.identity + [principal.boundary].compactMap { $0 }
        return Self.contextKeys(policies + (try Self.policyInputs(input.policyInputList)))
    }

    public func getContextKeysForCustomPolicy(
        _ input: IAM.GetContextKeysForCustomPolicyRequest, _ call: CallContext
    ) async throws -> IAM.GetContextKeysForPolicyResponse {
        Self.contextKeys(try Self.policyInputs(input.policyInputList))
    }

    /// The inputs both Simulate operations share.
    struct SimulationRequest {
        var actionNames: [String]
        var resourceArns: [String]?
        var resourcePolicy: String?
        var resourceOwner: String?
        var callerArn: String?
        var contextEntries: [IAM.ContextEntry]?
        var maxItems: Int?
        var marker: String?
    }

    private func simulate(
        identity: [SimulatedPolicy], boundary: SimulatedPolicy?, scpLevels: [[SimulatedPolicy]],
        defaultCaller: String?, account: AccountID, partition: Partition, request: SimulationRequest
    ) throws(AWSError) -> IAM.SimulatePolicyResponse {
        if let callerArn = request.callerArn, !Self.isUserArn(callerArn) {
            throw AWSError.invalidInput("Invalid CallerArn \(callerArn): it must be the ARN of an IAM user.")
        }
        let resourcePolicy = try request.resourcePolicy.map { (json) throws(AWSError) in
            try SimulatedPolicy(json: json, sourceId: "ResourcePolicy", source: .resource, kind: .resource)
        }
        let caller = request.callerArn ?? defaultCaller
        if resourcePolicy != nil, caller.map(Self.isUserArn) != true {
            throw AWSError.invalidInput(
                "CallerArn must be the ARN of an IAM user when a ResourcePolicy is simulated for a principal that is not a user."
            )
        }
        let callerAccount = caller.flatMap { ARN(parsing: $0)?.account } ?? account.rawValue
        let resources = request.resourceArns ?? ["*"]
        let simulation = PolicySimulation(
            identity: identity, boundary: boundary, resourcePolicy: resourcePolicy, scpLevels: scpLevels,
            caller: caller ?? ARN.iam(partition, account: account.rawValue, "user/SimulatedCaller"),
            callerAccount: callerAccount,
            resourceOwner: request.resourceOwner ?? callerAccount,
            context: try SimulationContext.context(from: request.contextEntries))
        let page = try SimulationPage(
            total: request.actionNames.count * resources.count, costPerResult: simulation.costPerResult,
            marker: request.marker, maxItems: request.maxItems)
        let results = try simulation.run(
            actions: request.actionNames, resources: resources, explicitResources: request.resourceArns != nil,
            window: page.window)
        return IAM.SimulatePolicyResponse(
            evaluationResults: results, isTruncated: page.nextMarker != nil, marker: page.nextMarker)
    }

    static func policyInputs(_ documents: [String]?) throws(AWSError) -> [SimulatedPolicy] {
        var policies = [SimulatedPolicy]()
        for (index, json) in (documents ?? []).enumerated() {
            policies.append(
                try SimulatedPolicy(
                    json: json, sourceId: "PolicyInputList.\(index + 1)", source: .none, kind: .identity))
        }
        return policies
    }

    /// "You can input only one permissions boundary when you pass a policy to this operation."
    static func boundaryInput(_ documents: [String]?) throws(AWSError) -> SimulatedPolicy? {
        guard let documents, !documents.isEmpty else { return nil }
        guard documents.count == 1 else {
            throw AWSError.invalidInput("PermissionsBoundaryPolicyInputList can hold only one policy.")
        }
        return try SimulatedPolicy(
            json: documents[0], sourceId: "PermissionsBoundaryPolicyInputList.1", source: .none, kind: .identity)
    }

    static func contextKeys(_ policies: [SimulatedPolicy]) -> IAM.GetContextKeysForPolicyResponse {
        var names = [String]()
        var seen = Set<String>()
        for key in policies.flatMap(\.document.referencedContextKeys) where seen.insert(key.lowercased()).inserted {
            names.append(key)
        }
        return IAM.GetContextKeysForPolicyResponse(
            contextKeyNames: names.sorted { $0.lowercased() < $1.lowercased() })
    }

    static func isUserArn(_ arn: String) -> Bool {
        guard let parsed = ARN(parsing: arn) else { return false }
        return parsed.service == "iam" && parsed.resource.hasPrefix("user/")
    }
}

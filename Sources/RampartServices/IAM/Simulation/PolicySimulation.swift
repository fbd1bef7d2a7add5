import RampartCore
import RampartPolicy

/// One simulation: the policies in play, the simulated caller and context, evaluated for every action on
/// every resource by the same engine that authorizes live requests, and reported as IAM's EvaluationResult.
struct PolicySimulation {
    var identity: [SimulatedPolicy]
    var boundary: SimulatedPolicy?
    var resourcePolicy: SimulatedPolicy?
    /// SCP levels from the organization root down (OrderedOrganizationPolicyInputList).
    var scpLevels: [[SimulatedPolicy]] = []
    /// The ARN the resource policy's Principal element is matched against.
    var caller: String
    var callerAccount: String
    var resourceOwner: String
    var context: ConditionContext

    private let evaluator = PolicyEvaluator()

    /// The results numbered `window` of the full list: one result per action and resource, actions
    /// outermost, in the order given (result `n` is action `n / resources.count` on resource
    /// `n % resources.count`). Only the window is evaluated, so a request naming thousands of actions and
    /// resources costs what its page costs, not what the whole product would. `explicitResources` says
    /// whether the caller named resources (each result then carries its ResourceSpecificResults).
    func run(actions: [String], resources: [String], explicitResources: Bool, window: Range<Int>) throws(AWSError)
        -> [IAM.EvaluationResult]
    {
        for action in actions where !Self.isActionName(action) {
            throw AWSError.invalidInput("Action \(action) is not valid: actions must be service:Operation.")
        }
        precondition(window.lowerBound >= 0 && window.upperBound <= actions.count * resources.count)
        var table = [String: (policy: SimulatedPolicy, spans: [StatementSpan])]()
        func compile(_ policy: SimulatedPolicy) throws(AWSError) -> CompiledPolicy {
            let key = String(table.count)
            table[key] = (policy, StatementSpan.spans(in: policy.json))
            return try policy.compiled(key: key)
        }
        var set = PolicySet()
        for policy in identity { set.identity.append(try compile(policy)) }
        let boundaryPolicy = try boundary.map { (policy) throws(AWSError) in try compile(policy) }
        set.permissionsBoundary = boundaryPolicy.map { [$0] }
        set.resource = try resourcePolicy.map { (policy) throws(AWSError) in try compile(policy) }
        for level in scpLevels {
            var compiled = [CompiledPolicy]()
            for policy in level { compiled.append(try compile(policy)) }
            set.scp.append(compiled)
        }

        var results = [IAM.EvaluationResult]()
        results.reserveCapacity(window.count)
        for index in window {
            let action = actions[index / resources.count]
            let resource = resources[index % resources.count]
            let request = EvaluationRequest(
                principal: caller, principalAccount: callerAccount, action: action, resource: resource,
                resourceAccount: resourceOwner, context: context)
            let outcome = evaluator.evaluate(set, request)
            let decision = Self.wireDecision(outcome.decision)
            let matched = outcome.matchedStatements.compactMap { statement -> IAM.Statement? in
                guard let entry = table[statement.policyId] else { return nil }
                return entry.policy.statement(at: statement.statementIndex, spans: entry.spans)
            }
            let boundaryDetail = boundaryPolicy.map { policy in
                IAM.PermissionsBoundaryDecisionDetail(
                    allowedByPermissionsBoundary: allows(PolicySet(identity: [policy]), request))
            }
            let organizationsDetail =
                set.scp.isEmpty
                ? nil
                : IAM.OrganizationsDecisionDetail(
                    allowedByOrganizations: set.scp.allSatisfy { allows(PolicySet(identity: $0), request) })
            results.append(
                IAM.EvaluationResult(
                    evalActionName: action, evalResourceName: resource, evalDecision: decision,
                    matchedStatements: matched, missingContextValues: outcome.missingContextKeys,
                    organizationsDecisionDetail: organizationsDetail,
                    permissionsBoundaryDecisionDetail: boundaryDetail,
                    resourceSpecificResults: explicitResources
                        ? [
                            IAM.ResourceSpecificResult(
                                evalResourceName: resource, evalResourceDecision: decision,
                                matchedStatements: matched, missingContextValues: outcome.missingContextKeys,
                                permissionsBoundaryDecisionDetail: boundaryDetail)
                        ] : nil))
        }
        return results
    }

    /// Policy characters one result evaluates: every policy once for the decision, and the boundary and
    /// SCP levels once more for their decision details. What `SimulationPage` budgets by.
    var costPerResult: Int {
        let once = (identity + [boundary, resourcePolicy].compactMap { $0 } + scpLevels.joined()).reduce(0) {
            $0 + $1.json.utf8.count
        }
        let again = (boundary?.json.utf8.count ?? 0) + scpLevels.joined().reduce(0) { $0 + $1.json.utf8.count }
        return once + again + 64
    }

    /// Whether these policies alone allow the request: what the boundary and Organizations details report.
    private func allows(_ policies: PolicySet, _ request: EvaluationRequest) -> Bool {
        evaluator.evaluate(policies, request).decision == .allow
    }

    static func wireDecision(_ decision: Decision) -> String {
        switch decision {
        case .allow: "allowed"
        case .explicitDeny: "explicitDeny"
        case .implicitDeny: "implicitDeny"
        }
    }

    static func isActionName(_ name: String) -> Bool {
        let parts = name.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty
    }
}

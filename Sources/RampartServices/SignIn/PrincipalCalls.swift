import Foundation
import RampartCore
import RampartPolicy
import RampartStore

/// Runs an IAM operation on behalf of a signed-in console principal, authorized exactly as the same call
/// over the API would be: the same resource ARN, the same condition keys (the session's MFA facts among
/// them), the same authorizer. The console never decides permissions itself.
public struct PrincipalCalls: Sendable {
    let environment: ServiceEnvironment

    public init(environment: ServiceEnvironment) {
        self.environment = environment
    }

    public func perform<T: Sendable>(
        _ action: String, parameters: [String: String] = [:], as principal: Principal, sourceIp: String,
        requestId: String, _ body: (IAMService, CallContext) async throws -> T
    ) async throws -> T {
        let now = environment.clock.now
        let snapshot = environment.store.snapshot()
        let conditions = RequestConditionKeys.context(
            principal: principal, now: now, sourceIp: sourceIp, region: "us-east-1", service: "iam", action: action,
            snapshot: snapshot, parameter: { parameters[$0] })
        let resource = ActionResource.resolve(
            service: "iam", action: action, principal: principal, snapshot: snapshot, parameter: { parameters[$0] })
        let decision = environment.authorizer.authorize(
            AuthorizationRequest(
                principal: principal, action: "iam:\(action)", resource: resource, context: conditions),
            in: snapshot)
        if case .deny(let error) = decision { throw error }
        let call = CallContext(
            principal: principal, requestId: requestId, now: now, sourceIp: sourceIp, conditions: conditions)
        return try await body(IAMService(environment: environment), call)
    }
}

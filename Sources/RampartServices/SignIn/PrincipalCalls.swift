import Foundation
import RampartCore
import RampartPolicy
import RampartStore

/// Runs an operation on behalf of a signed-in console principal, authorized exactly as the same call
/// over the API would be: the same resource ARN, the same condition keys (the session's MFA facts among
/// them), the same authorizer. The console never decides permissions itself.
public struct PrincipalCalls: Sendable {
    let environment: ServiceEnvironment

    public init(environment: ServiceEnvironment) {
        self.environment = environment
    }

    /// An IAM operation (`action` as IAM names it: `ListAccessKeys`), with the Query parameters that
    /// name its resource.
    public func perform<T: Sendable>(
        _ action: String, parameters: [String: String] = [:], as principal: Principal, sourceIp: String,
        requestId: String, _ body: (IAMService, CallContext) async throws -> T
    ) async throws -> T {
        let call = try authorize(
            service: "iam", action: action, parameters: parameters, as: principal, sourceIp: sourceIp,
            requestId: requestId)
        return try await body(IAMService(environment: environment), call)
    }

    /// An operation on the principal's own MFA devices (ListMFADevices, CreateVirtualMFADevice,
    /// EnableMFADevice) while the account requires it to have MFA and it has none: run without asking
    /// its policies, as AWS's own enrollment prompt is, so that a requirement never traps a principal
    /// whose policies forgot to let it enroll. The caller decides that enrollment is required.
    public func enrolling<T: Sendable>(
        _ action: String, parameters: [String: String] = [:], as principal: Principal, sourceIp: String,
        requestId: String, _ body: (IAMService, CallContext) async throws -> T
    ) async throws -> T {
        let now = environment.clock.now
        let conditions = RequestConditionKeys.context(
            principal: principal, now: now, sourceIp: sourceIp, region: "us-east-1", service: "iam", action: action,
            snapshot: environment.store.snapshot(), parameter: { parameters[$0] })
        let call = CallContext(
            principal: principal, requestId: requestId, now: now, sourceIp: sourceIp, conditions: conditions)
        return try await body(IAMService(environment: environment), call)
    }

    /// An Organizations operation (`ListAccounts`, `CreateOrganizationalUnit`, …). Like the JSON API's
    /// path, it is authorized on resource `*`; the operation itself then applies Organizations' own rule
    /// of who may call it (the management account, delegated administrators, any member).
    public func organizations<T: Sendable>(
        _ action: String, as principal: Principal, sourceIp: String, requestId: String,
        _ body: (OrganizationsService, CallContext) async throws -> T
    ) async throws -> T {
        let call = try authorize(
            service: "organizations", action: action, parameters: [:], as: principal, sourceIp: sourceIp,
            requestId: requestId)
        return try await body(OrganizationsService(environment: environment), call)
    }

    /// A mandate operation, named as on the admin API (`GetMandateReport`, `PauseMandateRollout`, …) and
    /// authorized like it: `rampart:<Operation>` on resource `*`. The operation then applies the mandate's
    /// own rule that only principals of the operator account call it.
    public func mandate<T: Sendable>(
        _ action: String, as principal: Principal, sourceIp: String, requestId: String,
        _ body: (MandateService, CallContext) async throws -> T
    ) async throws -> T {
        let mandate = MandateService(environment: environment)
        return try await body(
            mandate,
            authorize(
                service: "rampart", action: action, parameters: [:], as: principal, sourceIp: sourceIp,
                requestId: requestId))
    }

    /// A CloudTrail operation (`LookupEvents`), authorized like the JSON API's: `cloudtrail:<Operation>`
    /// on resource `*`, then run by `api` (the console's own, see `Console`).
    public func cloudTrail<T: Sendable>(
        _ action: String, on api: CloudTrailAPI, as principal: Principal, sourceIp: String, requestId: String,
        _ body: (CloudTrailAPI, CallContext) async throws -> T
    ) async throws -> T {
        let call = try authorize(
            service: "cloudtrail", action: action, parameters: [:], as: principal, sourceIp: sourceIp,
            requestId: requestId)
        return try await body(api, call)
    }

    /// Whether the authorizer allows a call on resource `*` (`cloudtrail:LookupEvents`), asked as the
    /// call itself would ask it; nothing runs. The console shows a link only where this is true.
    public func allows(
        service: String, action: String, as principal: Principal, sourceIp: String, requestId: String
    ) -> Bool {
        (try? authorize(
            service: service, action: action, parameters: [:], as: principal, sourceIp: sourceIp,
            requestId: requestId)) != nil
    }

    /// The context of a call the authorizer allows, or the AccessDenied the API would answer.
    func authorize(
        service: String, action: String, parameters: [String: String], as principal: Principal, sourceIp: String,
        requestId: String
    ) throws(AWSError) -> CallContext {
        let now = environment.clock.now
        let snapshot = environment.store.snapshot()
        let conditions = RequestConditionKeys.context(
            principal: principal, now: now, sourceIp: sourceIp, region: "us-east-1", service: service, action: action,
            snapshot: snapshot, parameter: { parameters[$0] })
        let resource =
            service == "iam"
            ? ActionResource.resolve(
                service: service, action: action, principal: principal, snapshot: snapshot,
                parameter: { parameters[$0] })
            : "*"
        let decision = environment.authorizer.authorize(
            AuthorizationRequest(
                principal: principal, action: "\(service):\(action)", resource: resource, context: conditions),
            in: snapshot)
        if case .deny(let error) = decision { throw error }
        return CallContext(
            principal: principal, requestId: requestId, now: now, sourceIp: sourceIp, conditions: conditions)
    }
}

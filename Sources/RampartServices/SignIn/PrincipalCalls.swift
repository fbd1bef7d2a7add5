import Foundation
import RampartCore
import RampartPolicy
import RampartStore

/// Runs an operation on behalf of a signed-in console principal, authorized exactly as the same call
/// over the API would be: the same resource ARN, the same condition keys (the session's MFA facts among
/// them), the same authorizer. The console never decides permissions itself. Each call, allowed or
/// refused, is in the audit trail as the API call it is (`sessionCredentialFromConsole`), as AWS
/// records what its console does.
public struct PrincipalCalls: Sendable {
    let environment: ServiceEnvironment
    let recorder: APICallRecorder

    public init(environment: ServiceEnvironment) {
        self.environment = environment
        self.recorder = APICallRecorder(store: environment.store)
    }

    /// An IAM operation (`action` as IAM names it: `ListAccessKeys`), with the Query parameters that
    /// name its resource.
    public func perform<T: Sendable>(
        _ action: String, parameters: [String: String] = [:], as principal: Principal, sourceIp: String,
        requestId: String, _ body: (IAMService, CallContext) async throws -> T
    ) async throws -> T {
        try await recorded(
            service: "iam", action: action, parameters: parameters, as: principal, sourceIp: sourceIp,
            requestId: requestId
        ) { call in try await body(IAMService(environment: environment), call) }
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
        try await recorded(
            service: "organizations", action: action, parameters: [:], as: principal, sourceIp: sourceIp,
            requestId: requestId
        ) { call in try await body(OrganizationsService(environment: environment), call) }
    }

    /// A mandate operation, named as on the admin API (`GetMandateReport`, `PauseMandateRollout`, …) and
    /// authorized like it: `rampart:<Operation>` on resource `*`. The operation then applies the mandate's
    /// own rule that only principals of the operator account call it.
    public func mandate<T: Sendable>(
        _ action: String, as principal: Principal, sourceIp: String, requestId: String,
        _ body: (MandateService, CallContext) async throws -> T
    ) async throws -> T {
        try await recorded(
            service: "rampart", action: action, parameters: [:], as: principal, sourceIp: sourceIp,
            requestId: requestId
        ) { call in try await body(MandateService(environment: environment), call) }
    }

    /// One of Rampart's own admin operations (`ClearSignInLockout`, `GetMFASettings`), authorized like the
    /// admin API's: `rampart:<Operation>` on resource `*`.
    public func admin<T: Sendable>(
        _ action: String, parameters: [String: String] = [:], as principal: Principal, sourceIp: String,
        requestId: String, _ body: (AdminService, CallContext) async throws -> T
    ) async throws -> T {
        try await recorded(
            service: "rampart", action: action, parameters: parameters, as: principal, sourceIp: sourceIp,
            requestId: requestId
        ) { call in try await body(AdminService(environment: environment), call) }
    }

    /// A CloudTrail operation (`LookupEvents`), authorized like the JSON API's: `cloudtrail:<Operation>`
    /// on resource `*`, then run by `api` (the console's own, see `Console`).
    public func cloudTrail<T: Sendable>(
        _ action: String, on api: CloudTrailAPI, as principal: Principal, sourceIp: String, requestId: String,
        _ body: (CloudTrailAPI, CallContext) async throws -> T
    ) async throws -> T {
        try await recorded(
            service: "cloudtrail", action: action, parameters: [:], as: principal, sourceIp: sourceIp,
            requestId: requestId
        ) { call in try await body(api, call) }
    }

    /// Whether the authorizer allows a call (`cloudtrail:LookupEvents` on `*`, or an IAM action on the
    /// resource its `parameters` name), asked as the call itself would ask it; nothing runs. The console
    /// shows a link only where this is true, and checks a change of many calls before its first.
    public func allows(
        service: String, action: String, parameters: [String: String] = [:], as principal: Principal,
        sourceIp: String, requestId: String
    ) -> Bool {
        (try? authorize(
            service: service, action: action, parameters: parameters, as: principal, sourceIp: sourceIp,
            requestId: requestId)) != nil
    }

    /// Authorizes and runs a call, and records it: with its first write, or after it, with the
    /// error it answered (an AccessDenied too).
    private func recorded<T: Sendable>(
        service: String, action: String, parameters: [String: String], as principal: Principal, sourceIp: String,
        requestId: String, _ body: (CallContext) async throws -> T
    ) async throws -> T {
        let snapshot = environment.store.snapshot()
        var call = APICall(
            principal: principal, service: service, action: action, region: "us-east-1", sourceIp: sourceIp,
            userAgent: TrailCall.current?.userAgent ?? "", requestId: requestId, time: environment.clock.now,
            requestParameters: Self.trailParameters(parameters),
            organization: snapshot.get(Account.self, principal.account.rawValue)?.membership?.organizationId)
        call.fromConsole = true
        let trail = TrailCall(userAgent: call.userAgent)
        do {
            let context = try authorize(
                service: service, action: action, parameters: parameters, as: principal, sourceIp: sourceIp,
                requestId: requestId)
            let result = try await recorder.run(call, trail: trail) { try await body(context) }
            recorder.finish(call, trail: trail, error: nil)
            return result
        } catch {
            recorder.finish(
                call, trail: trail, error: error as? AWSError ?? .serviceFailure("An internal error occurred."))
            throw error
        }
    }

    /// The parameters that name the call's resource, as CloudTrail records them (lowerCamel).
    static func trailParameters(_ parameters: [String: String]) -> TrailValue {
        let members = parameters.keys.sorted().filter { !TrailSecrets.isSecret($0) }.map { key in
            TrailMember(key.prefix(1).lowercased() + key.dropFirst(), .string(parameters[key]!))
        }
        return members.isEmpty ? .null : .object(members)
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

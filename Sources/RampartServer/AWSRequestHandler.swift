import Foundation
import Logging
import RampartCore
import RampartServices
import RampartSigV4
import RampartStore
import RampartWire

/// The AWS API request path, transport-agnostic: authenticate (SigV4), decode the Query
/// parameters, authorize, dispatch to IAM or STS, encode. Every failure becomes the AWS error
/// envelope of the service that was addressed.
final class AWSRequestHandler: Sendable {
    struct Reply: Sendable {
        var status: Int
        var body: [UInt8]
        var requestId: String
        var contentType = "text/xml"
        /// Who called and what, for the metrics and the request log.
        var attribution: RequestAttribution
    }

    let environment: ServiceEnvironment
    let verifier: SigV4Verifier
    let resolver: CredentialResolver
    let iam: IAMService
    let sts: STSService
    let json: JSONDispatcher
    let usage: AccessKeyUsageRecorder
    let requestIds = AWSRequestIDs()
    let recorder: APICallRecorder
    let recordsAPICalls: Bool
    let trailBacklogLimit: Int
    /// Whether AccessDenied answers carry an encoded authorization failure message.
    let encodeAuthorizationMessages: Bool
    let logger: Logger
    /// Spans for authentication, authorization and the operation; `.off` makes none.
    let tracer: RequestTracer

    /// STS operations whose permission check is part of the operation (AssumeRole weighs the
    /// role's trust policy together with the caller's own permissions).
    static let selfAuthorizing: Set<String> = ["sts:AssumeRole"]

    /// The signing names of the Query services: a Query request is signed for the service it
    /// addresses, never for a JSON service's name (a signature for `rampart` once passed as IAM's).
    /// Any well-formed region is accepted, IAM included: behind `--endpoint-url` botocore signs IAM
    /// with the configured region, not the us-east-1 that AWS's global endpoint insists on.
    static let querySigningNames: Set<String> = ["iam", "sts"]

    /// The signing name of each JSON service, by its `X-Amz-Target` prefix.
    static let jsonSigningNames = [
        AdminJSONService.targetPrefix: AdminJSONService.signingName,
        OrganizationsJSONService.targetPrefix: OrganizationsJSONService.signingName,
        CloudTrailJSONService.targetPrefix: CloudTrailJSONService.signingName,
        ConfigJSONService.targetPrefix: ConfigJSONService.signingName,
        EventBridgeJSONService.targetPrefix: EventBridgeJSONService.signingName,
    ]

    init(
        environment: ServiceEnvironment, trail: TrailSettings = TrailSettings(),
        signingKeys: SigningKeyCache = SigningKeyCache(), eventBus: EventBus,
        encodeAuthorizationMessages: Bool = false, logger: Logger, tracer: RequestTracer = .off
    ) {
        self.environment = environment
        self.encodeAuthorizationMessages = encodeAuthorizationMessages
        self.verifier = SigV4Verifier(clock: environment.clock, cache: signingKeys)
        self.resolver = CredentialResolver(environment: environment)
        self.iam = IAMService(environment: environment, trailRetention: trail.retention, notices: eventBus.outbox)
        self.sts = STSService(environment: environment)
        self.json = JSONDispatcher(services: [
            AdminJSONService(
                admin: AdminService(environment: environment), mandate: MandateService(environment: environment)),
            OrganizationsJSONService(handler: OrganizationsAPI(environment: environment)),
            CloudTrailService(
                handler: CloudTrailAPI(
                    environment: environment, lookupsPerSecond: trail.lookupsPerSecond, retention: trail.retention)),
            ConfigJSONService(handler: ConfigAPI(environment: environment)),
            EventBridgeJSONService(handler: EventBridgeAPI(environment: environment, bus: eventBus)),
        ])
        self.usage = AccessKeyUsageRecorder(store: environment.store)
        self.recordsAPICalls = trail.recordsAPICalls
        self.trailBacklogLimit = trail.backlogLimit
        self.recorder = APICallRecorder(store: environment.store)
        self.logger = logger
        self.tracer = tracer
    }

    func handle(_ request: SigV4Request, sourceIp: String, secureTransport: Bool = false) async -> Reply {
        let requestId = requestIds.next()
        if let target = request.values(ofHeader: "x-amz-target").first {
            return await handleJSON(
                request, target: target, sourceIp: sourceIp, secureTransport: secureTransport, requestId: requestId)
        }
        let userAgent = request.values(ofHeader: "user-agent").first ?? ""
        if let (action, query) = unsignedAction(request) {
            return await handleUnsigned(
                query, action: action, sourceIp: sourceIp, userAgent: userAgent, secureTransport: secureTransport,
                requestId: requestId)
        }
        var attribution = RequestAttribution(requestId: requestId)
        // Which service's error namespace to answer in; the signature's scope says, and only a
        // request refused before that (or signed for another service) needs the action's name.
        var addressed: String?
        // The call, once authentication says who makes it; refusals before that are not recorded
        // (AWS records no event for a request it cannot attribute).
        var call: APICall?
        let trail = TrailCall.unbound(userAgent: userAgent)
        do {
            let authorization = try SigV4Authorization(request: request)
            let service =
                Self.querySigningNames.contains(authorization.service) ? authorization.service : guessService(request)
            addressed = service
            attribution.service = service
            let now = environment.clock.now
            // Scoped to the addressed service alone, so a wrong scope is refused in AWS's words
            // ("Credential should be scoped to correct service: 'iam'. ").
            let resolved = try authenticate(request, authorization, now: now, services: [service], &attribution)
            try requireTrailKeepingUp()
            let query = try queryInput(request)
            guard let action = query.action, !action.isEmpty else {
                throw AWSError(code: "MissingAction", message: "Missing Action", httpStatus: 400)
            }
            attribution.operation = OperationLabel.query(service: service, action: action)
            let principal = resolved.principal
            // The working-set mode loads the caller's account before the snapshot is taken (others read through).
            await environment.store.ensureResident([principal.account])
            let snapshot = environment.store.snapshot()
            call = APICall(
                principal: principal, service: service, action: action, region: authorization.region,
                sourceIp: sourceIp, userAgent: userAgent, requestId: requestId,
                time: now, requestParameters: TrailParameters.query(query),
                organization: resolved.organization)
            let qualified = "\(service):\(action)"
            let conditions = RequestConditionKeys.context(
                principal: principal, now: now, sourceIp: sourceIp, secureTransport: secureTransport,
                region: authorization.region, service: service, action: action, snapshot: snapshot,
                parameter: { query[$0] })
            if !Self.selfAuthorizing.contains(qualified) {
                let resource = ActionResource.resolve(
                    service: service, action: action, principal: principal, snapshot: snapshot, parameter: { query[$0] }
                )
                try authorize(
                    AuthorizationRequest(
                        principal: principal, action: qualified, resource: resource, context: conditions),
                    in: snapshot)
            }
            usage.record(principal, service: service, region: authorization.region, at: now)
            let context = CallContext(
                principal: principal, requestId: requestId, now: now, sourceIp: sourceIp, region: authorization.region,
                conditions: conditions, secureTransport: secureTransport)
            let iam = iam
            let sts = sts
            let body = try await tracer.span("operation \(attribution.operation)") { _ in
                try await recording(call, trail: trail) {
                    if service == "sts" {
                        try await STSQueryDispatcher.dispatch(action: action, query: query, handler: sts, call: context)
                    } else {
                        try await IAMQueryDispatcher.dispatch(action: action, query: query, handler: iam, call: context)
                    }
                }
            }
            record(call, trail: trail, error: nil)
            return Reply(status: 200, body: body, requestId: requestId, attribution: attribution)
        } catch {
            let error = (error as? AWSError) ?? AWSError.serviceFailure("An internal error occurred.")
            record(call, trail: trail, error: error)
            attribution.refused(error)
            if error.httpStatus >= 500 {
                logger.error("request failed", metadata: ["request-id": "\(requestId)", "error": "\(error.code)"])
            }
            let namespace =
                (addressed ?? guessService(request)) == "sts"
                ? STSQueryDispatcher.xmlNamespace : IAMQueryDispatcher.xmlNamespace
            return Reply(
                status: error.httpStatus,
                body: ErrorEnvelope.query(error, requestId: requestId, xmlNamespace: namespace), requestId: requestId,
                attribution: attribution)
        }
    }

    /// A JSON 1.1 request (`X-Amz-Target`): Rampart's admin service for now; Organizations,
    /// CloudTrail and Config come the same way.
    private func handleJSON(
        _ request: SigV4Request, target: String, sourceIp: String, secureTransport: Bool, requestId: String
    ) async -> Reply {
        var call: APICall?
        let userAgent = request.values(ofHeader: "user-agent").first ?? ""
        let trail = TrailCall.unbound(userAgent: userAgent)
        let prefix = target.lastIndex(of: ".").map { String(target[..<$0]) } ?? target
        var attribution = RequestAttribution(
            requestId: requestId, service: Self.jsonSigningNames[prefix] ?? OperationLabel.unknown)
        do {
            let authorization = try SigV4Authorization(request: request)
            let now = environment.clock.now
            // Signed for the service the target addresses, and no other.
            let services = Self.jsonSigningNames[prefix].map { Set([$0]) } ?? Set(Self.jsonSigningNames.values)
            let resolved = try authenticate(request, authorization, now: now, services: services, &attribution)
            try requireTrailKeepingUp()
            guard let (_, operation) = json.route(target: target) else {
                throw AWSError(code: "UnknownOperationException", message: "", httpStatus: 400)
            }
            attribution.operation = operation
            let principal = resolved.principal
            await environment.store.ensureResident([principal.account])
            let snapshot = environment.store.snapshot()
            call = APICall(
                principal: principal, service: authorization.service, action: operation, region: authorization.region,
                sourceIp: sourceIp, userAgent: userAgent, requestId: requestId,
                time: now, requestParameters: TrailParameters.json(request.body),
                organization: resolved.organization)
            let action = "\(authorization.service):\(operation)"
            let conditions = RequestConditionKeys.context(
                principal: principal, now: now, sourceIp: sourceIp, secureTransport: secureTransport,
                region: authorization.region, service: authorization.service, action: operation, snapshot: snapshot,
                parameter: { _ in nil })
            try authorize(
                AuthorizationRequest(principal: principal, action: action, resource: "*", context: conditions),
                in: snapshot)
            usage.record(principal, service: authorization.service, region: authorization.region, at: now)
            let context = CallContext(
                principal: principal, requestId: requestId, now: now, sourceIp: sourceIp, region: authorization.region,
                secureTransport: secureTransport)
            let json = json
            let response = await tracer.span("operation \(operation)") { span in
                let response = await recording(call, trail: trail) {
                    await json.dispatch(target: target, body: request.body, call: context)
                }
                if let span, let error = response.error { RequestTracer.failed(span, error) }
                return response
            }
            record(call, trail: trail, error: response.error)
            return Reply(
                status: response.status, body: response.body, requestId: requestId,
                contentType: JSONResponse.contentType, attribution: attribution)
        } catch {
            let error = (error as? AWSError) ?? AWSError.serviceFailure("An internal error occurred.")
            record(call, trail: trail, error: error)
            attribution.refused(error)
            let response = JSONDispatcher.failure(error, asAWS: json.answersAccessDeniedException(target: target))
            return Reply(
                status: response.status, body: response.body, requestId: requestId,
                contentType: JSONResponse.contentType, attribution: attribution)
        }
    }

    /// Refuses a request when the audit trail is too far behind to record it (see `TrailSettings.backlogLimit`).
    func requireTrailKeepingUp() throws {
        guard recordsAPICalls, environment.store.trailBacklog().count >= trailBacklogLimit else { return }
        throw AWSError(
            code: "ServiceUnavailable",
            message: "The audit trail cannot record this request now (the database is not keeping up); retry later.",
            httpStatus: 503)
    }

    /// A policy denial as answered: with its details sealed into the message when the server encodes
    /// authorization messages (the evaluation is run again for them, on the refused path only).
    private func denial(_ error: AWSError, _ request: AuthorizationRequest, _ snapshot: StoreSnapshot) -> AWSError {
        guard encodeAuthorizationMessages else { return error }
        return environment.authorizationMessages.encode(
            error, request: request, result: environment.authorizer.explain(request, in: snapshot))
    }

    /// Runs an operation with its call bound to the task (see `APICallRecorder`).
    private func recording<T: Sendable>(
        _ call: APICall?, trail: TrailCall, _ operation: @Sendable () async throws -> T
    ) async rethrows -> T {
        guard let call, recordsAPICalls else { return try await operation() }
        return try await recorder.run(call, trail: trail, operation)
    }

    /// Queues the call's event unless a write already committed it.
    private func record(_ call: APICall?, trail: TrailCall, error: AWSError?) {
        guard let call, recordsAPICalls else { return }
        recorder.finish(call, trail: trail, error: error)
    }

    /// Who signed the request, once the signature checks out. Time and scope first: a stale or
    /// misdirected request costs no key lookup.
    private func authenticate(
        _ request: SigV4Request, _ authorization: SigV4Authorization, now: Date, services: Set<String>,
        _ attribution: inout RequestAttribution
    ) throws -> CredentialResolver.Resolved {
        attribution.signed(by: authorization.accessKeyId)
        // A session token makes the caller a temporary session's; its value never goes into the span.
        let method = authorization.securityToken == nil ? "sigv4" : "session"
        return try tracer.span("authenticate") { span in
            span?.attributes["rampart.authentication.method"] = method
            return try verified(request, authorization, now: now, services: services, &attribution)
        }
    }

    private func verified(
        _ request: SigV4Request, _ authorization: SigV4Authorization, now: Date, services: Set<String>,
        _ attribution: inout RequestAttribution
    ) throws -> CredentialResolver.Resolved {
        try verifier.checkTimeAndScope(authorization, acceptedServices: services)
        let resolved = try resolver.resolve(
            accessKeyId: authorization.accessKeyId, sessionToken: authorization.securityToken, now: now)
        try verifier.verifySignature(request, authorization, secret: resolved.secret)
        // Credentials exist in their account's partition only: a GovCloud key signed for us-east-1 (or a
        // commercial key for us-gov-west-1) is as unknown there as AWS finds it. The resolver read the
        // account's partition.
        guard Partition.of(region: authorization.region) == resolved.principal.partition else {
            throw AWSError.invalidClientTokenId
        }
        attribution.authenticated(as: resolved.principal)
        return resolved
    }

    /// The policies' decision on the request; a denial throws its AccessDenied.
    private func authorize(_ request: AuthorizationRequest, in snapshot: StoreSnapshot) throws {
        let decision = tracer.span("authorize") { span in
            let decision = environment.authorizer.authorize(request, in: snapshot)
            if let span {
                span.attributes["rampart.authorization.decision"] = decision == .allow ? "allow" : "deny"
                if case .deny(let error) = decision { RequestTracer.failed(span, error) }
            }
            return decision
        }
        if case .deny(let error) = decision { throw denial(error, request, snapshot) }
    }

    /// Parameters come from the form body (POST) or the query string (GET, presigned URLs).
    func queryInput(_ request: SigV4Request) throws(AWSError) -> QueryInput {
        if request.method == "GET" || request.body.isEmpty {
            return try QueryInput(formEncoded: request.query)
        }
        return try QueryInput(formEncoded: request.body)
    }

    /// Before authentication says which service was addressed, the action name decides which
    /// namespace an error is reported in.
    private func guessService(_ request: SigV4Request) -> String {
        let stsActions = [
            "GetCallerIdentity", "GetSessionToken", "AssumeRole", "AssumeRoot", "GetAccessKeyInfo",
            "GetFederationToken",
            "DecodeAuthorizationMessage",
            "GetWebIdentityToken", "GetDelegatedAccessToken",
        ]
        let text = String(decoding: request.body, as: UTF8.self) + "&" + request.query
        return stsActions.contains { text.contains("Action=\($0)&") || text.hasSuffix("Action=\($0)") } ? "sts" : "iam"
    }
}

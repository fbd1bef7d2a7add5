import RampartCore
import RampartServices

/// A service on the AWS JSON 1.1 protocol (Organizations, CloudTrail, Config): requests are
/// `POST /` with `X-Amz-Target: <TargetPrefix>.<Operation>` and an
/// `application/x-amz-json-1.1` body.
public protocol JSONService: Sendable {
    /// The part of `X-Amz-Target` before the last dot, e.g. `AWSOrganizationsV20161128`.
    var targetPrefix: String { get }
    /// Every operation of the service's model, implemented or not.
    var operationNames: Set<String> { get }
    /// Decodes `body`, runs `operation` and returns the JSON response body.
    func handle(operation: String, body: [UInt8], call: CallContext) async throws(AWSError) -> [UInt8]
    /// The name of the message member in the service's error bodies: its model's (`Message` for
    /// Organizations, whose exceptions declare it so), `message` by default.
    var errorMessageKey: String { get }
    /// Whether a refusal goes out as AWS's JSON services send it (`AccessDeniedException`, 400; see
    /// `JSONDispatcher.onTheWire`). Rampart's own admin API keeps `AccessDenied` with 403.
    var answersAccessDeniedException: Bool { get }
}

extension JSONService {
    public var errorMessageKey: String { "message" }
    public var answersAccessDeniedException: Bool { true }
}

/// A JSON 1.1 response: the status, the body and the content type to send it with.
public struct JSONResponse: Sendable, Equatable {
    public static let contentType = "application/x-amz-json-1.1"

    public var status: Int
    public var body: [UInt8]
    /// The error the body reports, for the audit trail.
    public var error: AWSError?

    public init(status: Int, body: [UInt8]) {
        self.status = status
        self.body = body
    }
}

/// Routes JSON 1.1 requests by their `X-Amz-Target` header to the registered services, and
/// turns every failure into the JSON error body `{"__type":"Code","message":"…"}` with its status
/// (the message under the service's `errorMessageKey` once the target has named a service).
public struct JSONDispatcher: Sendable {
    private let services: [String: any JSONService]

    public init(services: [any JSONService]) {
        var byPrefix = [String: any JSONService]()
        for service in services { byPrefix[service.targetPrefix] = service }
        self.services = byPrefix
    }

    /// The service and operation a target names, or nil when no registered service has it.
    /// `com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents` splits at the last dot.
    public func route(target: String) -> (service: any JSONService, operation: String)? {
        guard let dot = target.lastIndex(of: ".") else { return nil }
        let prefix = String(target[..<dot])
        let operation = String(target[target.index(after: dot)...])
        guard let service = services[prefix], service.operationNames.contains(operation) else { return nil }
        return (service, operation)
    }

    /// The service a target's prefix (the part before its last dot) names, whatever the operation.
    private func service(named target: String) -> (any JSONService)? {
        guard let dot = target.lastIndex(of: ".") else { return nil }
        return services[String(target[..<dot])]
    }

    /// Whether a refusal of a request with this target goes out as AWS's JSON services send it.
    public func answersAccessDeniedException(target: String) -> Bool {
        service(named: target)?.answersAccessDeniedException ?? true
    }

    /// Whether a request with this target belongs to a JSON service here.
    public func handles(target: String) -> Bool { service(named: target) != nil }

    public func dispatch(target: String?, body: [UInt8], call: CallContext) async -> JSONResponse {
        guard let target, let (service, operation) = route(target: target) else {
            // What AWS JSON services answer for a target they do not know.
            return Self.failure(AWSError(code: "UnknownOperationException", message: "", httpStatus: 400))
        }
        do {
            let output = try await service.handle(operation: operation, body: body, call: call)
            return JSONResponse(status: 200, body: output)
        } catch {
            return Self.failure(
                error, messageKey: service.errorMessageKey, asAWS: service.answersAccessDeniedException)
        }
    }

    /// The body and status carry the error as a JSON service names it (`onTheWire`); `error` keeps the
    /// code the server raised, which the audit trail records.
    public static func failure(_ error: AWSError, messageKey: String = "message", asAWS: Bool = true) -> JSONResponse {
        let sent = asAWS ? onTheWire(error) : error
        var response = JSONResponse(status: sent.httpStatus, body: ErrorEnvelope.json(sent, messageKey: messageKey))
        response.error = error
        return response
    }

    /// A refusal as AWS's JSON services answer it: `AccessDeniedException` with HTTP 400, one of their
    /// common errors (boto3 raises `client.exceptions.AccessDeniedException`). The authorization layer
    /// every service shares raises the Query services' `AccessDenied` with 403, and CloudTrail keeps
    /// that code in `errorCode` for every service.
    public static func onTheWire(_ error: AWSError) -> AWSError {
        guard error.code == "AccessDenied" else { return error }
        var sent = error
        sent.code = "AccessDeniedException"
        sent.httpStatus = 400
        return sent
    }
}

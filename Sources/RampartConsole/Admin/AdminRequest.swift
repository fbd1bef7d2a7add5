import Foundation
import RampartCore
import RampartServices
import RampartWire

/// One request to an administrator's page: whom the console acts as, the form posted (nil for a GET),
/// and the IAM calls made on its behalf. Every read and change is the operation it stands for, run
/// through PrincipalCalls: authorized by the principal's own policies and recorded in the trail as a
/// console call, so a read-only administrator sees every page and is refused every change.
struct AdminRequest {
    var principal: Principal
    var request: ConsoleRequest
    var csrf: String
    var header: String
    var form: QueryInput?
    let calls: PrincipalCalls

    func iam<T: Sendable>(
        _ action: String, _ parameters: [String: String] = [:], _ body: (IAMService, CallContext) async throws -> T
    ) async throws -> T {
        try await calls.perform(
            action, parameters: parameters, as: principal, sourceIp: request.sourceIp, requestId: request.requestId,
            body)
    }

    /// An IAM operation whose input is read from its Query parameters, as the API reads a request: the
    /// model's constraints (name patterns, lengths) hold in the console as they do over the wire, and a
    /// violation is the same ValidationError.
    func iam<Input: QueryDecodable, T: Sendable>(
        _ action: String, _ input: Input.Type, _ parameters: [String: String],
        _ body: (IAMService, Input, CallContext) async throws -> T
    ) async throws -> T {
        try await iam(action, parameters) { iam, call in
            try await body(iam, try Input(query: QueryInput(parameters: parameters)), call)
        }
    }

    func admin<T: Sendable>(
        _ action: String, _ parameters: [String: String] = [:], _ body: (AdminService, CallContext) async throws -> T
    ) async throws -> T {
        try await calls.admin(
            action, parameters: parameters, as: principal, sourceIp: request.sourceIp, requestId: request.requestId,
            body)
    }

    /// Whether the principal's policies allow an IAM action on the resource `parameters` name; nothing runs.
    func allows(_ action: String, _ parameters: [String: String] = [:]) -> Bool {
        calls.allows(
            service: "iam", action: action, parameters: parameters, as: principal, sourceIp: request.sourceIp,
            requestId: request.requestId)
    }

    func field(_ name: String) -> String { form?[name] ?? "" }

    func query(_ name: String) -> String? { PageQuery.value(name, in: request.query) }

    /// An error as the person reads it: what was refused, why, and who can grant it (`PlainRefusal`).
    func words(_ error: any Error) -> String {
        guard let error = error as? AWSError else { return "The request could not be completed." }
        return PlainRefusal.message(error, principal: principal)
    }
}

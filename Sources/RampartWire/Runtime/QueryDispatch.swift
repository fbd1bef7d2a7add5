import RampartCore

/// What the generated Query dispatchers share: running a handler without leaking its internal
/// errors (the generated JSON 1.1 services run theirs the same way), and the errors for actions
/// that cannot be dispatched.
public enum QueryDispatch {
    /// Runs a handler call. An `AWSError` passes through as it is; anything else (a bug, a
    /// store failure, a cancellation) becomes `internalError`, with no detail for the client.
    @inline(__always)
    public static func run<T>(
        _ internalError: AWSError, _ body: () async throws -> T
    ) async throws(AWSError) -> T {
        do {
            return try await body()
        } catch let error as AWSError {
            throw error
        } catch {
            throw internalError
        }
    }

    /// An action the service's model does not have (or a version it does not speak):
    /// `InvalidAction`, "Could not find operation Foo for version 2010-05-08", as AWS answers.
    public static func unknownOperation(_ action: String, version: String) -> AWSError {
        AWSError(
            code: "InvalidAction", message: "Could not find operation \(action) for version \(version)",
            httpStatus: 400)
    }
}

/// A modeled error of a service: its shape name, the code clients switch on, the HTTP status
/// and the fault, all from the shape's `error` trait in the service model.
public struct ModelError: Sendable, Equatable {
    public var shapeName: String
    public var code: String
    public var httpStatus: Int
    public var fault: AWSError.Fault

    public init(shapeName: String, code: String, httpStatus: Int, fault: AWSError.Fault) {
        self.shapeName = shapeName
        self.code = code
        self.httpStatus = httpStatus
        self.fault = fault
    }

    /// The error with this code and status, carrying `message` and the shape's other members
    /// (`["Reason": "ACCOUNT_NUMBER_LIMIT_EXCEEDED"]`), which JSON 1.1 error bodies carry.
    public func callAsFunction(_ message: String, fields: [String: String] = [:]) -> AWSError {
        AWSError(code: code, message: message, httpStatus: httpStatus, fault: fault, fields: fields)
    }
}

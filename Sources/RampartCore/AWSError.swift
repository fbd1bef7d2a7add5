/// An error as AWS reports it: a code a client switches on, a message for people,
/// the HTTP status and whether the caller (Sender) or the service (Receiver) is at fault.
///
/// Every failure that reaches a client is one of these, so the wire layer never has to
/// guess a status code and no handler can leak an internal error.
public struct AWSError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Fault: String, Sendable { case sender = "Sender", receiver = "Receiver" }

    public var code: String
    public var message: String
    public var httpStatus: Int
    public var fault: Fault
    /// Members of the error shape besides its message, by their names in the model: the
    /// `Reason` of Organizations' `ConstraintViolationException`. JSON 1.1 bodies carry them
    /// (`{"__type":"…","Message":"…","Reason":"…"}`); Query bodies have no place for them.
    public var fields: [String: String]

    public init(
        code: String, message: String, httpStatus: Int = 400, fault: Fault = .sender, fields: [String: String] = [:]
    ) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.fault = fault
        self.fields = fields
    }

    public var description: String { "\(code) (\(httpStatus)): \(message)" }
}

// The codes shared by IAM and STS; their statuses come from the service models' error traits.
extension AWSError {
    public static func noSuchEntity(_ message: String) -> AWSError {
        AWSError(code: "NoSuchEntity", message: message, httpStatus: 404)
    }
    public static func entityAlreadyExists(_ message: String) -> AWSError {
        AWSError(code: "EntityAlreadyExists", message: message, httpStatus: 409)
    }
    public static func limitExceeded(_ message: String) -> AWSError {
        AWSError(code: "LimitExceeded", message: message, httpStatus: 409)
    }
    public static func deleteConflict(_ message: String) -> AWSError {
        AWSError(code: "DeleteConflict", message: message, httpStatus: 409)
    }
    public static func invalidInput(_ message: String) -> AWSError {
        AWSError(code: "InvalidInput", message: message, httpStatus: 400)
    }
    public static func validation(_ message: String) -> AWSError {
        AWSError(code: "ValidationError", message: message, httpStatus: 400)
    }
    public static func malformedPolicyDocument(_ message: String) -> AWSError {
        AWSError(code: "MalformedPolicyDocument", message: message, httpStatus: 400)
    }
    public static func passwordPolicyViolation(_ message: String) -> AWSError {
        AWSError(code: "PasswordPolicyViolation", message: message, httpStatus: 400)
    }
    public static func accessDenied(_ message: String) -> AWSError {
        AWSError(code: "AccessDenied", message: message, httpStatus: 403)
    }
    public static func unmodifiableEntity(_ message: String) -> AWSError {
        AWSError(code: "UnmodifiableEntity", message: message, httpStatus: 400)
    }
    public static func policyNotAttachable(_ message: String) -> AWSError {
        AWSError(code: "PolicyNotAttachable", message: message, httpStatus: 400)
    }
    public static func invalidUserType(_ message: String) -> AWSError {
        AWSError(code: "InvalidUserType", message: message, httpStatus: 400)
    }
    public static func serviceFailure(_ message: String) -> AWSError {
        AWSError(code: "ServiceFailure", message: message, httpStatus: 500, fault: .receiver)
    }
}

import RampartCore

/// A shape read from a JSON 1.1 request body. The generated conformances read every member the
/// model declares (others are ignored, as AWS ignores them), then check the model's constraints
/// and record each violation under `path`, the name AWS reports it by (`tags.1.member.key`).
public protocol JSONDecodable: Sendable {
    /// Reads the members of one JSON object. Throws only for a value of the wrong kind
    /// (`SerializationException`); constraint violations go to `errors`.
    init(json: [String: JSONValue], path: String, errors: inout ValidationErrors) throws(AWSError)
}

extension JSONDecodable {
    /// Reads and validates a whole request body: every constraint violation is collected and
    /// reported in one `ValidationException`, as Coral does.
    public init(jsonBody body: [UInt8]) throws(AWSError) {
        var errors = ValidationErrors()
        self = try Self(json: try JSONBody.object(body), path: "", errors: &errors)
        if let error = errors.error(code: "ValidationException") { throw error }
    }
}

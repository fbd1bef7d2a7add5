import RampartCore

/// A shape read from AWS Query parameters. The generated conformances read every member under
/// `prefix`, then check the model's constraints and record each violation under `path`, the
/// name AWS reports it by (`tags.1.member.key`).
public protocol QueryDecodable: Sendable {
    /// Reads the members under `prefix` (`""` at the top level, `Tags.member.1` for a list element).
    /// Throws only for a value that cannot be read as its type; constraint violations go to `errors`.
    init(query: QueryInput, prefix: String, path: String, errors: inout ValidationErrors) throws(AWSError)
}

extension QueryDecodable {
    /// Reads and validates a whole input: every constraint violation is collected and reported
    /// in one `ValidationError`, as AWS does.
    public init(query: QueryInput, prefix: String = "") throws(AWSError) {
        var errors = ValidationErrors()
        self = try Self(query: query, prefix: prefix, path: "", errors: &errors)
        if let error = errors.error { throw error }
    }
}

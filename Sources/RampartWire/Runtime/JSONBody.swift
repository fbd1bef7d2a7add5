import RampartCore

/// The top level of a JSON 1.1 request body, and the errors AWS answers when a body cannot be
/// read as the operation's input: `SerializationException` (400), with no message for text that
/// is not JSON at all, as Coral answers (`{"__type":"SerializationException"}`).
public enum JSONBody {
    /// The members of the body's object. An empty body counts as `{}` (what botocore sends for an
    /// operation without input); a top-level array is "Start of list found where not expected";
    /// any other non-object, or text that is not strict JSON, a bare `SerializationException`.
    public static func object(_ body: [UInt8]) throws(AWSError) -> [String: JSONValue] {
        if body.isEmpty { return [:] }
        let value: JSONValue
        do {
            value = try JSONValue(parsing: body)
        } catch {
            throw serializationError()
        }
        switch value {
        case .object(let members): return members
        case .array: throw serializationError(JSONValue.listNotExpected)
        default: throw serializationError()
        }
    }

    public static func serializationError(_ message: String = "") -> AWSError {
        AWSError(code: "SerializationException", message: message, httpStatus: 400)
    }
}

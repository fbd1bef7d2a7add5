/// A JSON document as the strict reader (`init(parsing:)`) found it: what a JSON 1.1 request body
/// holds before the generated decoders give it the model's types.
///
/// Numbers keep their text (checked against RFC 8259): whether `5.0` or `3000000000` fits a
/// member is the member's type's question, answered when it is read.
public enum JSONValue: Sendable, Equatable {
    case object([String: JSONValue])
    case array([JSONValue])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    /// How deep containers may nest in a request body. Organizations' deepest input is three
    /// levels; the limit keeps a hostile body from exhausting the stack of the recursive reader.
    public static let defaultMaximumDepth = 64

    /// Reads one JSON value that makes up all of `bytes` (whitespace around it aside): RFC 8259
    /// only, well-formed UTF-8, no member name twice in one object, containers at most
    /// `maximumDepth` deep. Linear in the input.
    public init(parsing bytes: [UInt8], maximumDepth: Int = defaultMaximumDepth) throws(JSONSyntaxError) {
        var reader = JSONReader(bytes: bytes, maximumDepth: maximumDepth)
        self = try reader.document()
    }
}

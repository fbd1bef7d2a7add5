/// Why bytes are not the strict JSON a request body must be, and where the reader stopped.
/// Clients see none of this (AWS answers a bare `SerializationException`); tests and the fuzzer do.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: String, Sendable {
        case unexpectedEnd = "unexpected end of input"
        case unexpectedByte = "unexpected byte"
        case invalidNumber = "invalid number"
        case invalidEscape = "invalid escape"
        case invalidUTF8 = "invalid UTF-8"
        case unpairedSurrogate = "unpaired surrogate in a \\u escape"
        case controlCharacter = "unescaped control character in a string"
        case duplicateName = "member name given twice in one object"
        case tooDeep = "nested too deep"
        case trailingBytes = "bytes after the value"
    }

    public var reason: Reason
    /// The byte offset where reading stopped.
    public var offset: Int

    public init(_ reason: Reason, at offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    public var description: String { "\(reason.rawValue) at byte \(offset)" }
}

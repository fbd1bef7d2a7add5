import NIOHTTP1

/// A request's `Content-Length`, read at its head so an impossible one is refused before any
/// body is waited for. NIO's parser rejects most malformed values itself; what reaches here and
/// still needs a word is a length too large for an `Int` (`9999999999999999999`), which used to
/// read as "no length" and left the connection waiting.
enum DeclaredLength: Equatable {
    /// No Content-Length (no body, or a chunked one).
    case none
    case bytes(Int)
    /// All digits, but more than an `Int` holds.
    case huge

    struct Malformed: Error, Equatable {}

    init(_ headers: HTTPHeaders) throws(Malformed) {
        let values = headers[canonicalForm: "content-length"]
        guard let first = values.first else {
            // An empty value is dropped by the canonical form but is still a malformed length.
            if headers.contains(name: "content-length") { throw Malformed() }
            self = .none
            return
        }
        // Repeated values must agree (RFC 9110 §8.6); each must be plain digits.
        for value in values {
            guard value == first, !value.isEmpty, value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                throw Malformed()
            }
        }
        self = Int(first).map(DeclaredLength.bytes) ?? .huge
    }

    func exceeds(_ limit: Int) -> Bool {
        switch self {
        case .none: false
        case .bytes(let count): count > limit
        case .huge: true
        }
    }
}

import NIOHTTP1
import RampartCore

// The errors the HTTP layer answers on its own, for requests no AWS handler reads: malformed HTTP,
// no route, a wrong method, too large a body, too slow a client. AWS's common errors name the first
// and the route's (`MalformedHttpRequestException` 400, `UnknownOperationException` 404); the body
// limit and the timeout keep the Query services' spelling (`RequestEntityTooLarge`, and S3's
// `RequestTimeout` with its words), which SDKs already know: botocore retries `RequestTimeout`.
extension AWSError {
    /// A request NIO's parser rejected, or a Content-Length that cannot frame a body.
    static func malformedHTTPRequest(_ reason: String) -> AWSError {
        AWSError(
            code: "MalformedHttpRequestException", message: "The request is not well-formed HTTP/1.1: \(reason).",
            httpStatus: 400)
    }

    /// A path that is no route (the AWS APIs are served at `/`).
    static let unknownOperation = AWSError(
        code: "UnknownOperationException", message: "No operation is served at this path; the AWS APIs are at /.",
        httpStatus: 404)

    static let methodNotAllowed = AWSError(
        code: "MethodNotAllowed", message: "The method is not allowed on this path.", httpStatus: 405)

    static let requestEntityTooLarge = AWSError(
        code: "RequestEntityTooLarge", message: "Request body too large", httpStatus: 413)

    static let requestTimeout = AWSError(
        code: "RequestTimeout",
        message: "Your socket connection to the server was not read from or written to within the timeout period.",
        httpStatus: 408)
}

extension HTTPParserError {
    /// What was wrong, in a few words for the error message; the parser's own names mean little to a client.
    var reason: String {
        switch self {
        case .invalidHeaderToken, .invalidCharactersUsed:
            "a header name or value holds a character HTTP does not allow"
        case .invalidContentLength: "the Content-Length is not a number"
        case .unexpectedContentLength: "a Content-Length together with a chunked Transfer-Encoding"
        case .invalidChunkSize: "a chunk size is not a hexadecimal number"
        case .invalidMethod: "the method is not a token"
        case .invalidURL: "the request target is not a URI"
        case .invalidVersion: "the version is not HTTP/1.0 or HTTP/1.1"
        case .headerOverflow: "the header section is too large"
        case .invalidEOFState: "the connection was half-closed in the middle of a request"
        default: "the request line or header section cannot be parsed"
        }
    }
}

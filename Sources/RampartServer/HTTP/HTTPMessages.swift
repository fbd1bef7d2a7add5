import RampartCore
import RampartWire

/// A request read whole, as Rampart's handlers take it. No framework types: the AWS and console
/// paths see method, path, headers and body, and nothing of NIO.
struct HTTPRequestMessage: Sendable {
    var method: String
    /// The path as sent, before `?`, not percent-decoded (SigV4 signs it as sent).
    var path: String
    var query: String
    var headers: [(String, String)]
    var body: [UInt8]
    /// The address of the connection's peer (a proxy's, behind one; see `TrustedProxies`).
    var peer: String
    /// Whether it came over TLS.
    var secure = false
}

/// What a handler answers. The connection adds Content-Length, Date and Connection.
struct HTTPResponseMessage: Sendable {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]

    static func text(_ text: String, status: Int) -> HTTPResponseMessage {
        HTTPResponseMessage(
            status: status, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array(text.utf8))
    }

    /// An AWS error the HTTP layer answers itself, before any service read the request: the JSON 1.1
    /// envelope when the request named an `X-Amz-Target`, else the Query envelope in IAM's namespace
    /// (the action, and so the service, is unknown until the body is read).
    static func awsError(_ error: AWSError, json: Bool = false, requestId: String) -> HTTPResponseMessage {
        let (contentType, body) =
            json
            ? (JSONResponse.contentType, ErrorEnvelope.json(error))
            : (
                "text/xml",
                ErrorEnvelope.query(error, requestId: requestId, xmlNamespace: IAMQueryDispatcher.xmlNamespace)
            )
        return HTTPResponseMessage(
            status: error.httpStatus, headers: [("Content-Type", contentType), ("x-amzn-RequestId", requestId)],
            body: body)
    }
}

/// Sends one HTTP request and returns the response; the server implements it over a real HTTP
/// client, tests with a fake. nil: no response (connection refused, timeout, TLS failure).
public protocol EventSender: Sendable {
    func send(_ request: OutgoingRequest) async -> OutgoingResponse?
}

public struct OutgoingRequest: Sendable, Equatable {
    public var method: String
    public var url: String
    public var headers: [String: String]
    public var body: [UInt8]
}

public struct OutgoingResponse: Sendable, Equatable {
    public var status: Int
    public var body: [UInt8]

    public init(status: Int, body: [UInt8]) {
        self.status = status
        self.body = body
    }
}

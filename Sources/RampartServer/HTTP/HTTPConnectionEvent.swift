import NIOCore

/// What `HTTPConnectionHandler` and `MalformedRequestHandler` tell the handlers ahead of them (as
/// outbound user events) about where a connection is in its request cycle; `ConnectionDeadlineHandler`
/// times each phase.
enum HTTPConnectionEvent: Sendable {
    /// A request's head arrived (a pipelined one may have been buffered before).
    case requestBegan
    /// A request was read whole; the server is working on its answer.
    case requestRead
    /// The answer is written; the connection waits for the next request.
    case responseSent
    /// The connection ends after a request that cannot be read on: close the write side once `answer`
    /// is flushed, drop what the client still sends, and close once it has had time to read. `answer`
    /// is bytes to write past the HTTP codec, for a response the codec would not frame (to CONNECT it
    /// drops the body); nil when the last answer went through the codec and is flushed.
    case closing(answer: ByteBuffer?)
}

/// What `HTTPConnectionHandler` tells the handlers ahead of it (as outbound user events) about
/// where a connection is in its request cycle; `ConnectionDeadlineHandler` times each phase.
enum HTTPConnectionEvent: Sendable {
    /// A request's head arrived (a pipelined one may have been buffered before).
    case requestBegan
    /// A request was read whole; the server is working on its answer.
    case requestRead
    /// The answer is written; the connection waits for the next request.
    case responseSent
}

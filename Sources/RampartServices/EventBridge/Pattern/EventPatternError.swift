/// Why an event pattern was refused, in the words of EventBridge's rule compiler (as public
/// reports quote them: "\"slug\" must be an object or an array", "Empty objects are not allowed",
/// "suffix match pattern must be a string"). AWS appends Jackson's position
/// (`at [Source: …; line: 1, column: 40]`); Rampart's reader does not track positions, so the
/// reason ends without it.
public struct EventPatternError: Error, Sendable, Equatable {
    public var reason: String

    init(_ reason: String) {
        self.reason = reason
    }

    public var message: String { "Event pattern is not valid. Reason: \(reason)" }
}

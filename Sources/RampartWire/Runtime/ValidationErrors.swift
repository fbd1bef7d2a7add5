import RampartCore

/// The constraint violations of one request, reported together the way AWS (Coral) does:
///
///     1 validation error detected: Value at 'userName' failed to satisfy constraint: Member must have
///     length less than or equal to 64
///     2 validation errors detected: Value at 'tags' failed to satisfy constraint: …; Value at 'tags.51.member.key' …
///
/// IAM stopped echoing the offending value in 2024 (`Value 'x' at 'roleName'` became `Value at
/// 'roleName'`), which also keeps passwords out of messages; STS still echoes it (`Value 'a/b' at
/// 'roleSessionName'`, `Value null at 'roleSessionName'`), and its generated checks pass the value
/// (`echoing:`) for every shape that carries no secret.
public struct ValidationErrors: Sendable, Equatable {
    public private(set) var messages: [String] = []

    public init() {}

    public var isEmpty: Bool { messages.isEmpty }

    /// Records that the member at `path` fails `constraint` (one of the `Constraint` texts).
    public mutating func record(_ path: String, _ constraint: String) {
        messages.append("Value at '\(path)' failed to satisfy constraint: \(constraint)")
    }

    /// Records a violation whose message quotes the offending value, as STS writes it.
    public mutating func record(_ path: String, _ constraint: String, echoing value: String) {
        messages.append("Value '\(value)' at '\(path)' failed to satisfy constraint: \(constraint)")
    }

    /// Records a required member that is absent, quoting it as STS does: `Value null at 'path'`.
    public mutating func recordNull(_ path: String) {
        messages.append("Value null at '\(path)' failed to satisfy constraint: \(Constraint.notNull)")
    }

    /// The `ValidationError` (400) that reports every violation, or nil when there is none.
    public var error: AWSError? { error(code: "ValidationError") }

    /// The error that reports every violation under `code`: `ValidationError` on the Query
    /// protocol, `ValidationException` on JSON 1.1.
    public func error(code: String) -> AWSError? {
        guard !messages.isEmpty else { return nil }
        let count = messages.count
        let head = count == 1 ? "1 validation error detected: " : "\(count) validation errors detected: "
        return AWSError(code: code, message: head + messages.joined(separator: "; "), httpStatus: 400)
    }

    /// The path of member `name` of the structure at `parent`: `name` at the top, `parent.name` below.
    @inline(__always)
    public static func member(_ parent: String, _ name: String) -> String {
        parent.isEmpty ? name : parent + "." + name
    }

    /// The path of element `index` of the list at `listPath`: `tags.3.member`.
    @inline(__always)
    public static func element(_ listPath: String, _ index: Int) -> String {
        listPath + "." + String(index) + ".member"
    }
}

/// The constraint texts of AWS validation messages, one per model trait.
public enum Constraint {
    public static let notNull = "Member must not be null"

    public static func minLength(_ bound: Int) -> String {
        "Member must have length greater than or equal to \(bound)"
    }

    public static func maxLength(_ bound: Int) -> String {
        "Member must have length less than or equal to \(bound)"
    }

    public static func minValue(_ bound: Int) -> String {
        "Member must have value greater than or equal to \(bound)"
    }

    public static func maxValue(_ bound: Int) -> String {
        "Member must have value less than or equal to \(bound)"
    }

    public static func pattern(_ pattern: String) -> String {
        "Member must satisfy regular expression pattern: \(pattern)"
    }

    public static func enumValues(_ values: String) -> String {
        "Member must satisfy enum value set: [\(values)]"
    }

    /// For a list of scalars whose elements break their own constraints: AWS reports the list
    /// once and names every constraint of the element shape, e.g. `Member must satisfy constraint:
    /// [Member must have length less than or equal to 128, …, Member must not be null]`.
    public static func elements(_ constraints: [String]) -> String {
        "Member must satisfy constraint: [\(constraints.joined(separator: ", "))]"
    }

    /// For a map whose keys break their shape's constraints, reported once on the map:
    /// `Map keys must satisfy constraint: [Member must have length less than or equal to 256, …]`
    /// (EventBridge's `inputPathsMap` in a public report).
    public static func mapKeys(_ constraints: [String]) -> String {
        "Map keys must satisfy constraint: [\(constraints.joined(separator: ", "))]"
    }

    /// The same for a map's values: `Map value must satisfy constraint: […]` (DynamoDB's
    /// `requestItems`, Cognito's `logins`).
    public static func mapValues(_ constraints: [String]) -> String {
        "Map value must satisfy constraint: [\(constraints.joined(separator: ", "))]"
    }
}

/// What a user, group or role holds: managed policies by ARN and inline policies by name.
/// Kept on the principal's own record so attaching is one write and deleting sees it all.
public struct PolicyAttachments: Codable, Sendable, Equatable {
    public var managedPolicyArns: [String] = []
    /// Inline policy name → document (as written, JSON text).
    public var inlinePolicies: [String: String] = [:]

    public init() {}

    public var isEmpty: Bool { managedPolicyArns.isEmpty && inlinePolicies.isEmpty }
}

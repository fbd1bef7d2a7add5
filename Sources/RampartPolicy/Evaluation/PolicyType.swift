/// Where a policy sits in AWS's evaluation logic.
public enum PolicyType: String, Sendable {
    case identity
    /// A resource-based policy or a role trust policy.
    case resource
    case permissionsBoundary
    case session
    /// Organizations service control policies (limit principals of member accounts).
    case scp
    /// Organizations resource control policies (limit resources of member accounts).
    case rcp
}

/// The lookup attributes of CloudTrail's LookupEvents, and the small code the store indexes
/// each by.
public enum TrailAttribute: String, Sendable, CaseIterable {
    case eventId = "EventId"
    case eventName = "EventName"
    case readOnly = "ReadOnly"
    case username = "Username"
    case resourceType = "ResourceType"
    case resourceName = "ResourceName"
    case eventSource = "EventSource"
    case accessKeyId = "AccessKeyId"

    /// Stable across versions: stored in every index row.
    public var code: Int {
        switch self {
        case .eventId: 0
        case .eventName: 1
        case .readOnly: 2
        case .username: 3
        case .resourceType: 4
        case .resourceName: 5
        case .eventSource: 6
        case .accessKeyId: 7
        }
    }
}

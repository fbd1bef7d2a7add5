import Foundation

/// One event of the audit trail as the store keeps it: the CloudTrail record (`body`, the JSON
/// string LookupEvents returns as `CloudTrailEvent`) and the facts lookups are indexed by. The
/// store gives it its place in its account's hash chain when it is written.
///
/// An event a read queues is *pending*: it holds what makes it (a `TrailEventSource`), not its record,
/// and the store's trail writer makes it, with its id, on the writer's thread (`materialized`), or keeps
/// its facts, so a read's own path spends nothing on building and rendering the record. Until then only
/// its `account` and `time` are known (and, once the store named it, its `eventId`); its other facts are
/// empty.
public struct TrailEvent: Sendable, Equatable {
    /// The account whose trail holds the event (CloudTrail's `recipientAccountId`).
    public var account: AccountID
    /// The organization the account belonged to when the event happened: the management
    /// account's lookups read it as an organization trail would have recorded it.
    public var organization: String?
    public var time: Date
    public var eventId: String
    public var eventName: String
    public var eventSource: String
    /// What the `Username` lookup attribute matches: the IAM user name, `root`, or a role
    /// session's name.
    public var username: String?
    public var accessKeyId: String?
    public var readOnly: Bool
    public var resources: [TrailResource]
    private var content: Content

    private enum Content: Sendable, Equatable {
        case rendered(String)
        case pending(any TrailEventSource)

        static func == (lhs: Content, rhs: Content) -> Bool {
            guard case .rendered(let left) = lhs, case .rendered(let right) = rhs else { return false }
            return left == right
        }
    }

    /// The record's JSON; empty for a pending event.
    public var body: String {
        get {
            if case .rendered(let body) = content { return body }
            return ""
        }
        set { content = .rendered(newValue) }
    }

    /// True until the store's writer made the event (`materialized`).
    public var isPending: Bool {
        if case .pending = content { return true }
        return false
    }

    public init(
        account: AccountID, organization: String?, time: Date, eventId: String, eventName: String,
        eventSource: String, username: String?, accessKeyId: String?, readOnly: Bool, resources: [TrailResource],
        body: String
    ) {
        self.account = account
        self.organization = organization
        self.time = time
        self.eventId = eventId
        self.eventName = eventName
        self.eventSource = eventSource
        self.username = username
        self.accessKeyId = accessKeyId
        self.readOnly = readOnly
        self.resources = resources
        self.content = .rendered(body)
    }

    /// A pending event of `account` at `time`, made from `source`.
    public init(pendingIn account: AccountID, at time: Date, source: any TrailEventSource) {
        self.account = account
        self.time = time
        organization = nil
        eventId = ""
        eventName = ""
        eventSource = ""
        username = nil
        accessKeyId = nil
        readOnly = true
        resources = []
        content = .pending(source)
    }

    /// The event as it is stored: a pending one made with `id()` as its id; any other as it is.
    public func materialized(id: () -> String) -> TrailEvent {
        guard case .pending(let source) = content else { return self }
        return source.event(id: id())
    }

    /// What a pending event is made from; nil for a made one.
    public var source: (any TrailEventSource)? {
        guard case .pending(let source) = content else { return nil }
        return source
    }

    /// The values each lookup attribute finds this event by (`EventId` is not here: an event id
    /// names the event's row directly).
    public var lookupKeys: [(TrailAttribute, String)] {
        var keys: [(TrailAttribute, String)] = [
            (.eventName, eventName), (.eventSource, eventSource), (.readOnly, readOnly ? "true" : "false"),
        ]
        if let username, !username.isEmpty { keys.append((.username, username)) }
        if let accessKeyId, !accessKeyId.isEmpty { keys.append((.accessKeyId, accessKeyId)) }
        for resource in resources {
            keys.append((.resourceType, resource.type))
            keys.append((.resourceName, resource.name))
        }
        return keys
    }

    /// Whether `other`'s `lookupKeys` are certainly this event's, compared field by field without listing
    /// them (every field `lookupKeys` reads; change the two together). The strings of one caller's calls
    /// share their storage, so this is mostly pointer comparisons. An empty name and none compare unequal
    /// though they list the same keys: the caller then lists them.
    public func hasLookupKeys(of other: TrailEvent) -> Bool {
        eventName == other.eventName && eventSource == other.eventSource && readOnly == other.readOnly
            && username == other.username && accessKeyId == other.accessKeyId && resources == other.resources
    }
}

/// A resource an event names (LookupEvents' `Resources`): `AWS::IAM::User` and the user's name.
public struct TrailResource: Sendable, Equatable, Hashable {
    public var type: String
    public var name: String

    public init(type: String, name: String) {
        self.type = type
        self.name = name
    }
}

import Foundation

/// One event of the audit trail as the store keeps it: the CloudTrail record (`body`, the JSON
/// string LookupEvents returns as `CloudTrailEvent`) and the facts lookups are indexed by. The
/// store gives it its place in its account's hash chain when it is written.
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
    public var body: String

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
        self.body = body
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

import Foundation
import RampartCore

/// One CloudTrail record (`eventVersion` 1.10), the fields in the order AWS writes them. Built by
/// `APICallEvent` for API calls and `SignInEvent` for console sign-in steps; `trailEvent`
/// renders it and names the facts lookups find it by.
public struct CloudTrailRecord: Sendable {
    public var identity: TrailValue
    public var username: String?
    public var accessKeyId: String?
    public var time: Date
    public var eventSource: String
    public var eventName: String
    public var region: String
    public var sourceIp: String
    public var userAgent: String
    public var errorCode: String?
    public var errorMessage: String?
    public var requestParameters: TrailValue
    public var responseElements: TrailValue
    public var additionalEventData: TrailValue?
    public var requestId: String
    public var eventId: String
    public var readOnly: Bool
    public var resources: [TrailResource]
    /// `AwsApiCall` or `AwsConsoleSignIn`.
    public var eventType: String
    public var recipientAccount: AccountID
    public var organization: String?
    /// A call the console made with the signed-in session's credentials.
    public var sessionCredentialFromConsole = false
    /// The id both accounts' records of one cross-account call share.
    public var sharedEventId: String?

    public init(
        identity: TrailValue, username: String?, accessKeyId: String?, time: Date, eventSource: String,
        eventName: String, region: String, sourceIp: String, userAgent: String, requestId: String, eventId: String,
        readOnly: Bool, eventType: String, recipientAccount: AccountID, organization: String?
    ) {
        self.identity = identity
        self.username = username
        self.accessKeyId = accessKeyId
        self.time = time
        self.eventSource = eventSource
        self.eventName = eventName
        self.region = region
        self.sourceIp = sourceIp
        self.userAgent = userAgent
        self.requestParameters = .null
        self.responseElements = .null
        self.requestId = requestId
        self.eventId = eventId
        self.readOnly = readOnly
        self.resources = []
        self.eventType = eventType
        self.recipientAccount = recipientAccount
        self.organization = organization
    }

    public static let eventVersion = "1.10"

    /// The record's JSON, written member by member without building a value tree first (every request
    /// renders one; `CloudTrailRecordTests` holds it to the tree's rendering).
    public var json: String {
        var object = TrailObjectWriter(capacity: 1024)
        object.member("eventVersion", Self.eventVersion)
        object.member("userIdentity", identity)
        object.member("eventTime", Timestamp.iso8601(time))
        object.member("eventSource", eventSource)
        object.member("eventName", eventName)
        object.member("awsRegion", region)
        object.member("sourceIPAddress", sourceIp)
        object.member("userAgent", userAgent)
        object.member("errorCode", errorCode)
        object.member("errorMessage", errorMessage)
        object.member("requestParameters", requestParameters)
        object.member("responseElements", responseElements)
        object.member("additionalEventData", additionalEventData)
        object.member("requestID", requestId.isEmpty ? nil : requestId)
        object.member("eventID", eventId)
        object.member("readOnly", readOnly)
        object.member("eventType", eventType)
        object.member("managementEvent", true)
        object.member("recipientAccountId", recipientAccount.rawValue)
        object.member("sharedEventID", sharedEventId)
        object.member("eventCategory", "Management")
        object.member("sessionCredentialFromConsole", sessionCredentialFromConsole ? "true" : nil)
        return object.finish()
    }

    public var trailEvent: TrailEvent {
        var event = lookupEvent
        event.body = json
        return event
    }

    /// The event without its record: what lookups find it by.
    public var lookupEvent: TrailEvent {
        TrailEvent(
            account: recipientAccount, organization: organization, time: time, eventId: eventId,
            eventName: eventName, eventSource: eventSource, username: username, accessKeyId: accessKeyId,
            readOnly: readOnly, resources: resources, body: "")
    }
}

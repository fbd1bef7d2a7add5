import Foundation
import RampartCore

/// What the request path knows of an API call when it records it.
public struct APICall: Sendable {
    public var principal: Principal
    /// The signing name: `iam`, `sts`, `organizations`, `cloudtrail`, `rampart`.
    public var service: String
    public var action: String
    public var region: String
    public var sourceIp: String
    public var userAgent: String
    public var requestId: String
    public var time: Date
    public var requestParameters: TrailValue
    /// The organization of the caller's account when the call was made.
    public var organization: String?
    /// Made by the console for its signed-in principal (CloudTrail's `sessionCredentialFromConsole`).
    public var fromConsole = false
    /// Who made an unsigned call (AssumeRoleWithWebIdentity), as the operation established it; the
    /// principal then only names the account the call addressed.
    public var federatedIdentity: (identity: TrailValue, username: String)?

    public init(
        principal: Principal, service: String, action: String, region: String, sourceIp: String, userAgent: String,
        requestId: String, time: Date, requestParameters: TrailValue, organization: String?
    ) {
        self.principal = principal
        self.service = service
        self.action = action
        self.region = region
        self.sourceIp = sourceIp
        self.userAgent = userAgent
        self.requestId = requestId
        self.time = time
        self.requestParameters = requestParameters
        self.organization = organization
    }

    /// The call's CloudTrail record: `AwsApiCall`, with the error a refused call answered.
    /// `identities`: where the credential's `userIdentity` is rendered once for all its calls.
    public func record(
        eventId: String, error: AWSError?, responseElements: TrailValue?, identities: UserIdentityCache? = nil
    ) -> CloudTrailRecord {
        let found = lookupEvent(error: error, responseElements: responseElements)
        var record = CloudTrailRecord(
            identity: federatedIdentity?.identity ?? identities?.value(of: principal)
                ?? CloudTrailIdentity.value(of: principal),
            username: found.username, accessKeyId: found.accessKeyId, time: time, eventSource: found.eventSource,
            eventName: action, region: region, sourceIp: sourceIp, userAgent: userAgent, requestId: requestId,
            eventId: eventId, readOnly: found.readOnly, eventType: "AwsApiCall", recipientAccount: principal.account,
            organization: organization)
        record.requestParameters = requestParameters
        record.sessionCredentialFromConsole = fromConsole
        if let error {
            record.errorCode = error.code
            record.errorMessage = error.message
        } else {
            record.responseElements = responseElements ?? .null
        }
        record.resources = found.resources
        return record
    }

    /// What the call's event is looked up by, without its id and record (no identity rendered): what the
    /// trail's writer indexes a read's event by when it keeps the call's facts.
    public func lookupEvent(error: AWSError?, responseElements: TrailValue?) -> TrailEvent {
        TrailEvent(
            account: principal.account, organization: organization, time: time, eventId: "", eventName: action,
            eventSource: Self.eventSource(of: service),
            username: federatedIdentity?.username ?? CloudTrailIdentity.username(of: principal),
            accessKeyId: federatedIdentity == nil ? principal.accessKeyId : nil, readOnly: Self.isReadOnly(action),
            resources: TrailResources.of(
                parameters: requestParameters, response: error == nil ? responseElements ?? .null : .null),
            body: "")
    }

    /// CloudTrail's `readOnly`: calls that only read (Get, List, Describe, Lookup, Simulate, and
    /// the credential report's and access advisor's reads).
    static func isReadOnly(_ action: String) -> Bool {
        readOnlyPrefixes.contains { action.hasPrefix($0) }
    }

    private static let readOnlyPrefixes = ["Get", "List", "Describe", "Lookup", "Simulate"]

    /// CloudTrail's `eventSource`: the services every request names come as constants (a string made
    /// per call was one more allocation on each read's path).
    static func eventSource(of service: String) -> String {
        switch service {
        case "iam": "iam.amazonaws.com"
        case "sts": "sts.amazonaws.com"
        case "organizations": "organizations.amazonaws.com"
        case "cloudtrail": "cloudtrail.amazonaws.com"
        default: "\(service).amazonaws.com"
        }
    }
}

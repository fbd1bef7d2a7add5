import Foundation
import RampartCore
import RampartStore

/// CloudTrail's LookupEvents over Rampart's trail: the caller's account's events, or, for an
/// organization's management account, those of every account while it was a member (what an
/// organization trail records). Management events only; Insights events do not exist here, so
/// `EventCategory=insight` finds none.
public struct CloudTrailAPI: PartialCloudTrailHandler {
    let environment: ServiceEnvironment
    let throttle: LookupThrottle
    /// How long events are kept, and so how far back a lookup reaches.
    let retention: TimeInterval

    public init(
        environment: ServiceEnvironment, lookupsPerSecond: Double = LookupThrottle.awsRate,
        retention: TimeInterval = TrailRetention.defaultPeriod
    ) {
        self.environment = environment
        self.throttle = LookupThrottle(perSecond: lookupsPerSecond)
        self.retention = retention
    }

    public func lookupEvents(
        _ input: CloudTrail.LookupEventsRequest, _ call: CallContext
    ) async throws -> CloudTrail.LookupEventsResponse {
        let account = call.principal.account
        guard await throttle.admit(account.rawValue, sharedBy: environment.store) else {
            throw AWSError(code: "ThrottlingException", message: "Rate exceeded", httpStatus: 400)
        }
        let attributes = input.lookupAttributes ?? []
        guard attributes.count <= 1 else {
            throw CloudTrailLookupErrors.attributes("You cannot specify more than one lookup attribute.")
        }
        var attribute: (key: TrailAttribute, value: String)?
        if let first = attributes.first {
            guard let key = TrailAttribute(rawValue: first.attributeKey) else {
                throw CloudTrailLookupErrors.attributes("\(first.attributeKey) is not a valid lookup attribute key.")
            }
            attribute = (key, first.attributeValue)
        }
        let oldest = call.now.addingTimeInterval(-retention)
        let start = max(input.startTime ?? oldest, oldest)
        let end = input.endTime ?? call.now
        if let from = input.startTime, let to = input.endTime, from > to {
            throw AWSError(
                code: "InvalidTimeRangeException", message: "Start time must be before end time.", httpStatus: 400)
        }
        let limit = input.maxResults ?? 50
        let scope = self.scope(of: account)
        var query = TrailQuery(scope: scope, attribute: attribute, start: start, end: end, limit: limit, after: nil)
        // A token binds the question as asked: a range left open moves with the clock from one page to
        // the next, and the next page is still the same question.
        var asked = query
        asked.start = input.startTime ?? .distantPast
        asked.end = input.endTime ?? .distantFuture
        if let token = input.nextToken {
            guard let cursor = LookupToken.cursor(token, for: asked, caller: account) else {
                throw AWSError(
                    code: "InvalidNextTokenException", message: "Invalid NextToken: \(token)", httpStatus: 400)
            }
            query.after = cursor
        }
        if input.eventCategory == "insight" { return CloudTrail.LookupEventsResponse(events: []) }
        let page = try await environment.store.lookupTrail(query)
        return CloudTrail.LookupEventsResponse(
            events: page.events.map(Self.wire),
            nextToken: page.next.map { LookupToken.make($0, for: asked, caller: account) })
    }

    /// Whose events an account's lookups read: every member's, for an organization's management
    /// account; its own otherwise.
    public func scope(of account: AccountID) -> TrailQuery.Scope {
        if let (organization, _) = OrganizationTree.organization(of: account, in: environment.store.snapshot()),
            organization.managementAccount == account
        {
            return .organization(organization.id)
        }
        return .account(account)
    }

    static func wire(_ event: TrailEvent) -> CloudTrail.Event {
        CloudTrail.Event(
            eventId: event.eventId, eventName: event.eventName, readOnly: event.readOnly ? "true" : "false",
            accessKeyId: event.accessKeyId.flatMap { $0.isEmpty ? nil : $0 }, eventTime: event.time,
            eventSource: event.eventSource, username: event.username,
            resources: event.resources.map { CloudTrail.Resource(resourceType: $0.type, resourceName: $0.name) },
            cloudTrailEvent: event.body)
    }
}

/// The errors LookupEvents answers for bad lookup attributes.
public enum CloudTrailLookupErrors {
    public static func attributes(_ message: String) -> AWSError {
        AWSError(code: "InvalidLookupAttributesException", message: message, httpStatus: 400)
    }
}

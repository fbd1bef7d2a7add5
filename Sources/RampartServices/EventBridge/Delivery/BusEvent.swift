import Foundation
import RampartCore

/// An event on an account's default bus, as rules see it and targets receive it: EventBridge's
/// envelope (`version`, `id`, `detail-type`, `source`, `account`, `time`, `region`, `resources`,
/// `detail`).
public struct BusEvent: Sendable, Equatable {
    public var id: String
    public var detailType: String
    public var source: String
    public var account: AccountID
    public var time: Date
    public var region: String
    public var resources: [String]
    public var detail: EventJSON
    /// A read-only API call from the trail: only rules in state
    /// `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS` see it, as on AWS.
    public var readOnly = false

    public init(
        id: String, detailType: String, source: String, account: AccountID, time: Date, region: String,
        resources: [String], detail: EventJSON, readOnly: Bool = false
    ) {
        self.id = id
        self.detailType = detailType
        self.source = source
        self.account = account
        self.time = time
        self.region = region
        self.resources = resources
        self.detail = detail
        self.readOnly = readOnly
    }

    public var envelope: EventJSON {
        .object([
            "version": .string("0"), "id": .string(id), "detail-type": .string(detailType), "source": .string(source),
            "account": .string(account.rawValue), "time": .string(Self.timestamp(time)), "region": .string(region),
            "resources": .array(resources.map(EventJSON.string)), "detail": detail,
        ])
    }

    /// `2026-12-06T15:40:35Z`, as EventBridge writes `time`.
    static func timestamp(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}

extension BusEvent {
    /// A trail event as CloudTrail hands it to EventBridge: `detail` is the CloudTrail record,
    /// `detail-type` follows the record's `eventType`, `source` is `aws.` and the service of
    /// `eventSource` (`iam.amazonaws.com` → `aws.iam`, `signin.amazonaws.com` → `aws.signin`).
    public init?(trail event: TrailEvent) {
        // A read's event the trail keeps as facts comes pending, with its id: made only here, for an
        // account with rules.
        let event = event.materialized { event.eventId }
        guard let record = EventJSON(parsing: event.body), case .object = record else { return nil }
        let service = event.eventSource.split(separator: ".").first.map(String.init) ?? event.eventSource
        let detailType: String
        switch record["eventType"] {
        case .string("AwsConsoleSignIn"): detailType = "AWS Console Sign In via CloudTrail"
        case .string("AwsServiceEvent"): detailType = "AWS Service Event via CloudTrail"
        case .string("AwsConsoleAction"): detailType = "AWS Console Action via CloudTrail"
        default: detailType = "AWS API Call via CloudTrail"
        }
        var region = "us-east-1"
        if case .string(let named)? = record["awsRegion"] { region = named }
        self.init(
            id: UUID().uuidString.lowercased(), detailType: detailType, source: "aws.\(service)",
            account: event.account,
            time: event.time, region: region, resources: [], detail: record, readOnly: event.readOnly)
    }
}

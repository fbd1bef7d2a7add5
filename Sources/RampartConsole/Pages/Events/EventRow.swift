import Foundation
import RampartCore
import RampartServices

/// One event of the history as its row shows it: what LookupEvents returns beside the record (time,
/// user name, event name and source, resources), and what only the record itself says (the source IP
/// address, the error code, the account), read from its `CloudTrailEvent` JSON.
struct EventRow {
    var eventId: String
    var time: Date?
    var userName: String
    var eventName: String
    var eventSource: String
    var resources: [(type: String, name: String)]
    var sourceIp: String
    var errorCode: String?
    var account: String
    /// The record as LookupEvents returned it.
    var json: String

    init(_ event: CloudTrail.Event) {
        eventId = event.eventId ?? ""
        time = event.eventTime
        userName = event.username ?? ""
        eventName = event.eventName ?? ""
        eventSource = event.eventSource ?? ""
        resources = (event.resources ?? []).map { ($0.resourceType ?? "", $0.resourceName ?? "") }
        json = event.cloudTrailEvent ?? ""
        let record = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] ?? [:]
        sourceIp = record["sourceIPAddress"] as? String ?? ""
        errorCode = record["errorCode"] as? String
        account = record["recipientAccountId"] as? String ?? ""
    }
}

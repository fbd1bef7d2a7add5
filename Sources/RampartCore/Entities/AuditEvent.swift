import Foundation

/// One security-relevant fact, appended in the same transaction as the change it describes, so
/// the record and the event commit together or not at all. MFA checks write them today; the
/// audit trail (hash chain, CloudTrail's LookupEvents) builds on these records.
public struct AuditEvent: Codable, Sendable, Equatable {
    public var id: String
    public var account: AccountID
    public var time: Date
    /// e.g. `MFACodeAccepted`, `MFACodeRejected`, `MFALockedOut`.
    public var name: String
    /// The principal the event is about: an IAM user name, or nil for root.
    public var userName: String?
    public var requestId: String
    public var sourceIp: String
    /// Event-specific values (the device serial, the operation that asked).
    public var details: [String: String]

    public init(
        account: AccountID, time: Date, name: String, userName: String?, requestId: String, sourceIp: String,
        details: [String: String]
    ) {
        // Time first, so that ids sort in the order events happened.
        let millis = String(time.epochMilliseconds)
        self.id = String(repeating: "0", count: max(0, 15 - millis.count)) + millis + "-" + AWSRequestID.make()
        self.account = account
        self.time = time
        self.name = name
        self.userName = userName
        self.requestId = requestId
        self.sourceIp = sourceIp
        self.details = details
    }
}

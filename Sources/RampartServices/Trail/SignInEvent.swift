import Foundation
import RampartCore
import RampartStore

/// The sign-in facts the console and the MFA checks write (`AuditEvent`) as CloudTrail records:
/// `ConsoleLogin`, `CheckMfa`, `SwitchRole` and `ExitRole` as AWS writes them, and Rampart's own
/// facts (enrollment, recovery codes, the mandate's dry runs) in the same shape, so one lookup
/// finds every step of a sign-in.
public enum SignInEvent {
    /// The console's address for `LoginTo`, as AWS names its own console there.
    static let consoleURL = "/console/"

    /// MFA checks made by these console steps are `CheckMfa`; the others belong to an API call
    /// (GetSessionToken, EnableMFADevice), whose own event the trail also has.
    static let consoleOperations: Set<String> = ["ConsoleSignIn", "ConsoleStepUp"]

    public static func record(_ event: AuditEvent, in reader: StoreSnapshot) -> CloudTrailRecord {
        let account = reader.get(Account.self, event.account.rawValue)
        let partition = account?.effectivePartition ?? .commercial
        let user = event.userName.flatMap { reader.get(User.self, User.key(event.account, $0)) }
        let known = event.userName == nil || user != nil
        // AWS does not repeat a name nobody has: it might be a password typed in the wrong field.
        let identity = CloudTrailIdentity.signIn(
            account: event.account, userName: known ? event.userName : "HIDDEN_DUE_TO_SECURITY_REASONS",
            userId: user?.id, partition: partition)
        let operation = event.details["operation"]
        let name: String
        var source = "signin.amazonaws.com"
        var type = "AwsConsoleSignIn"
        switch event.name {
        case "MFACodeAccepted", "MFACodeRejected", "MFALockedOut":
            if let operation, !consoleOperations.contains(operation) {
                name = event.name
                source =
                    operation == "GetSessionToken" || operation == "AssumeRole"
                    ? "sts.amazonaws.com" : "iam.amazonaws.com"
                type = "AwsServiceEvent"
            } else {
                name = "CheckMfa"
            }
        case _ where event.name.hasPrefix("Mandate"):
            // The operator's changes to the mandate (plans, pauses, exemptions): made through Rampart's
            // admin API, whose own call event the trail also has.
            name = event.name
            source = "rampart.amazonaws.com"
            type = "AwsServiceEvent"
        default:
            name = event.name
        }
        var record = CloudTrailRecord(
            identity: identity, username: known ? (event.userName ?? "root") : "HIDDEN_DUE_TO_SECURITY_REASONS",
            accessKeyId: nil, time: event.time, eventSource: source, eventName: name, region: "us-east-1",
            sourceIp: event.sourceIp, userAgent: event.details["userAgent"] ?? TrailCall.current?.userAgent ?? "",
            requestId: event.requestId,
            eventId: AWSRequestID.make(), readOnly: false, eventType: type, recipientAccount: event.account,
            organization: account?.membership?.organizationId)
        let success = outcome(of: event)
        record.responseElements = .members([(name, .string(success ? "Success" : "Failure"))])
        if !success { record.errorMessage = event.details["reason"] ?? "Failed authentication" }
        var additional: [(String, TrailValue?)] = []
        if name == "ConsoleLogin" {
            additional = [
                ("LoginTo", .string(consoleURL)), ("MobileVersion", .string("No")),
                ("MFAUsed", .string(event.details["MFAUsed"] ?? "No")),
            ]
            if let serial = event.details["MFAIdentifier"] { additional.append(("MFAIdentifier", .string(serial))) }
        } else {
            if name != event.name { additional.append(("RampartEvent", .string(event.name))) }
            for key in event.details.keys.sorted() where key != "result" && key != "reason" && key != "userAgent" {
                let label = key == "serialNumber" ? "MFAIdentifier" : key
                additional.append((label, .string(event.details[key]!)))
            }
        }
        record.additionalEventData = additional.isEmpty ? nil : .members(additional)
        if let serial = event.details["serialNumber"], !serial.isEmpty {
            record.resources = [TrailResource(type: "AWS::IAM::MFADevice", name: serial)]
        }
        return record
    }

    /// Whether the step succeeded, by its recorded result or, without one, its name.
    static func outcome(of event: AuditEvent) -> Bool {
        if let result = event.details["result"] { return result == "Success" }
        return !["MFACodeRejected", "MFALockedOut", "MFAEnrollmentBlocked", "MFAMandateWouldBlock"].contains(event.name)
    }
}

extension StoreTransaction {
    /// Adds a sign-in fact to the audit trail, as its CloudTrail record, in this transaction.
    public mutating func append(_ event: AuditEvent) {
        record(SignInEvent.record(event, in: snapshot).trailEvent)
    }
}

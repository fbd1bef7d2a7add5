import Foundation
import RampartCore

/// A queued event for store tests: a store without a renderer makes it (`event(id:)`); one with
/// `TestFactsRenderer` keeps its name, account, time and user as facts and makes it back from them.
/// `onUse` runs whenever the store takes it either way (a test holds a flush there).
struct TestEventSource: TrailEventSource {
    var name: String
    var account: AccountID
    var time: Date
    var username = "alice"
    /// The organization its lookup facts name (its record names none).
    var organization: String?
    var onUse: (@Sendable () -> Void)?

    var pending: TrailEvent { TrailEvent(pendingIn: account, at: time, source: self) }

    func event(id: String) -> TrailEvent {
        onUse?()
        return Self.made(name: name, account: account, time: time, username: username, id: id)
    }

    var lookupEvent: TrailEvent {
        var event = Self.made(name: name, account: account, time: time, username: username, id: "")
        event.body = ""
        event.organization = organization
        return event
    }

    func write(into writer: inout FactsWriter) {
        onUse?()
        writer.write(name)
        writer.write(account.rawValue)
        writer.write(time)
        writer.write(username)
    }

    static func made(name: String, account: AccountID, time: Date, username: String, id: String) -> TrailEvent {
        TrailEvent(
            account: account, organization: nil, time: time, eventId: id, eventName: name,
            eventSource: "iam.amazonaws.com", username: username, accessKeyId: nil, readOnly: true,
            resources: [TrailResource(type: "AWS::IAM::User", name: username)],
            body: "{\"eventName\":\"\(name)\",\"eventID\":\"\(id)\"}")
    }
}

/// Makes `TestEventSource`'s events from their facts.
struct TestFactsRenderer: TrailFactsRenderer {
    func event(facts: ArraySlice<UInt8>, id: String) throws(FactsError) -> TrailEvent {
        var reader = FactsReader(facts)
        let name = try reader.string()
        guard let account = AccountID(try reader.string()) else { throw FactsError.malformed("an account") }
        let time = try reader.date()
        let username = try reader.string()
        guard reader.isAtEnd else { throw FactsError.malformed("bytes after the facts") }
        return TestEventSource.made(name: name, account: account, time: time, username: username, id: id)
    }
}

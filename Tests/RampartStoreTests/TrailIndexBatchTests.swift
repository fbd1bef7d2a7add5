import Foundation
import RampartCore
import XCTest

@testable import RampartStore

final class TrailIndexBatchTests: XCTestCase {
    private func event(
        _ name: String, user: String?, account: String = "111111111111", organization: String? = nil,
        resources: [TrailResource] = [], at second: Double
    ) -> TrailEvent {
        TrailEvent(
            account: AccountID(account)!, organization: organization, time: Date(timeIntervalSince1970: second),
            eventId: UUID().uuidString, eventName: name, eventSource: "iam.amazonaws.com", username: user,
            accessKeyId: user.map { "AKIA\($0.uppercased())" }, readOnly: true, resources: resources, body: "{}")
    }

    /// The lists a batch must hold, made the plain way: every scope and lookup value of every event.
    private func expected(_ events: [(TrailEvent, Int64)]) -> [TrailIndexBatch.Key: TrailPostings] {
        var lists = [TrailIndexBatch.Key: TrailPostings]()
        for (event, position) in events {
            let millis = Int64(event.time.epochMilliseconds)
            for scope in [event.account.rawValue] + (event.organization.map { [$0] } ?? []) {
                lists[.init(scope: scope, attribute: TrailIndexBatch.everyEvent, value: ""), default: .init()]
                    .append(position: position, timeMillis: millis)
                for (attribute, value) in event.lookupKeys {
                    lists[.init(scope: scope, attribute: Int64(attribute.code), value: value), default: .init()]
                        .append(position: position, timeMillis: millis)
                }
            }
        }
        return lists
    }

    /// `event`, then copies of it each with one more lookup fact changed than the one before, and `event`
    /// again: each must be indexed by what it has, not by the run before it.
    private func eachFieldChanged(_ event: TrailEvent) -> [TrailEvent] {
        var changed = event
        var events = [event]
        for change: (inout TrailEvent) -> Void in [
            { $0.eventSource = "sts.amazonaws.com" }, { $0.readOnly = false }, { $0.accessKeyId = "ASIAOTHER" },
            { $0.accessKeyId = nil }, { $0.username = "" },
        ] {
            change(&changed)
            changed.time += 1
            events.append(changed)
        }
        var again = event
        again.time = changed.time + 1
        return events + [again]
    }

    /// Runs of events with the same lookup values reuse the last event's lists; any change of account,
    /// organization, user, name or resource must not.
    func testRunsOfLikeEventsAndEveryChangeBetweenThemIndexAsEachEventAlone() {
        let user = TrailResource(type: "AWS::IAM::User", name: "bob")
        let events: [TrailEvent] =
            [
                event("GetUser", user: "alice", at: 1), event("GetUser", user: "alice", at: 2),
                event("GetUser", user: "bob", at: 3), event("ListUsers", user: "bob", at: 4),
                event("ListUsers", user: "bob", organization: "o-1", at: 5),
                event("ListUsers", user: "bob", account: "222222222222", organization: "o-1", at: 6),
                event("GetUser", user: "bob", resources: [user], at: 7), event("GetUser", user: "bob", at: 8),
                event("GetUser", user: nil, at: 9), event("GetUser", user: "alice", at: 10),
                event("GetUser", user: "alice", at: 11),
            ] + eachFieldChanged(event("GetUser", user: "alice", at: 12))
        var batch = TrailIndexBatch()
        var positioned = [(TrailEvent, Int64)]()
        for (offset, event) in events.enumerated() {
            batch.add(event, at: Int64(offset + 1))
            positioned.append((event, Int64(offset + 1)))
        }
        XCTAssertEqual(batch.lists, expected(positioned))

        var merged = TrailIndexBatch()
        merged.add(event("GetUser", user: "alice", at: 0), at: 0)
        merged.add(batch)
        XCTAssertEqual(merged.lists, expected([(event("GetUser", user: "alice", at: 0), 0)] + positioned))

        batch.removeAll()
        XCTAssertTrue(batch.isEmpty)
        batch.add(events[0], at: 40)
        XCTAssertEqual(batch.lists, expected([(events[0], 40)]))
    }
}

import Foundation
import RampartCore
import Testing

@testable import RampartServices

struct TargetInputTests {
    let event = EventJSON(parsing: #"{"id":"e1","detail":{"user":"alice \"root\"","n":3,"o":{"k":"v"}}}"#)!

    func target(_ change: (inout EventTarget) -> Void) -> EventTarget {
        var target = EventTarget(id: "t", arn: "arn:aws:events:us-east-1:123456789012:api-destination/d/x")
        change(&target)
        return target
    }

    @Test func wholeEventByDefault() {
        #expect(TargetInput.body(for: target { _ in }, event: event) == event.text)
    }

    @Test func inputPathSelectsAPart() {
        #expect(TargetInput.body(for: target { $0.inputPath = "$.detail.o" }, event: event) == #"{"k":"v"}"#)
        #expect(TargetInput.body(for: target { $0.inputPath = "$.detail.none" }, event: event) == "null")
    }

    @Test func constantInput() {
        #expect(TargetInput.body(for: target { $0.input = #"{"fixed":1}"# }, event: event) == #"{"fixed":1}"#)
    }

    @Test func transformerFillsTheTemplate() {
        let body = TargetInput.body(
            for: target {
                $0.inputPathsMap = ["user": "$.detail.user", "n": "$.detail.n", "o": "$.detail.o"]
                $0.inputTemplate = #"{"who":"<user>","n":<n>,"o":<o>,"keep":"<other>"}"#
            }, event: event)
        #expect(body == #"{"who":"alice \"root\"","n":3,"o":{"k":"v"},"keep":"<other>"}"#)
        #expect(EventJSON(parsing: body) != nil)
    }

    @Test func retriesBackOffExponentiallyUpToTheCap() {
        let schedule = RetrySchedule(base: .seconds(1), cap: .seconds(5))
        #expect(
            (1...5).map { schedule.delay(after: $0) } == [
                .seconds(1), .seconds(2), .seconds(4), .seconds(5), .seconds(5),
            ])
        #expect(RetrySchedule.isRetryable(status: 503))
        #expect(RetrySchedule.isRetryable(status: 429))
        #expect(!RetrySchedule.isRetryable(status: 400))
        #expect(!RetrySchedule.isRetryable(status: 404))
    }

    @Test func plainHTTPOnlyToLoopback() {
        #expect(HTTPSEndpoint.isAllowed("https://example.com/hook"))
        #expect(HTTPSEndpoint.isAllowed("http://127.0.0.1:8080/hook"))
        #expect(HTTPSEndpoint.isAllowed("http://localhost/hook"))
        #expect(HTTPSEndpoint.isAllowed("http://[::1]:9000/"))
        #expect(!HTTPSEndpoint.isAllowed("http://example.com/hook"))
        #expect(!HTTPSEndpoint.isAllowed("http://10.0.0.1/hook"))
        #expect(!HTTPSEndpoint.isAllowed("ftp://127.0.0.1/"))
    }

    @Test func emailTargetsAreSNSTopics() {
        #expect(EmailOutbox.topic(of: "arn:aws:sns:us-east-1:123456789012:security-alerts") == "security-alerts")
        #expect(EmailOutbox.topic(of: "arn:aws:sns:us-east-1:123456789012:../../etc") == nil)
        #expect(EmailOutbox.topic(of: "arn:aws:sqs:us-east-1:123456789012:queue") == nil)
        #expect(EmailOutbox.topic(of: "arn:aws:sns:us-east-1:123456789012:") == nil)
    }
}

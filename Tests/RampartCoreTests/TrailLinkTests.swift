import Foundation
import RampartCore
import Testing

/// The canonical form is what every stored hash covers: it must not change from one version to the
/// next, so it is held here to bytes written out by hand.
@Suite struct TrailLinkTests {
    private func event(time: Date, organization: String?, resources: [TrailResource]) -> TrailEvent {
        TrailEvent(
            account: AccountID("123456789012")!, organization: organization, time: time, eventId: "e",
            eventName: "GetUser", eventSource: "iam.amazonaws.com", username: "alice", accessKeyId: nil,
            readOnly: true, resources: resources, body: #"{"a":"ü"}"#)
    }

    @Test func theCanonicalFormFramesEveryFieldByItsUTF8Length() {
        let framed = TrailLink.canonical(
            sequence: 10,
            event: event(
                time: Date(timeIntervalSince1970: 1_700_000_000.5), organization: nil,
                resources: [TrailResource(type: "AWS::IAM::User", name: "alice")]))
        let expected =
            "2:1012:1234567890120:13:17000000005001:e7:GetUser17:iam.amazonaws.com5:alice0:4:true1:1"
            + "14:AWS::IAM::User5:alice10:{\"a\":\"ü\"}"
        #expect(String(decoding: framed, as: UTF8.self) == expected)
    }

    @Test func numbersAreFramedAsTheirDecimalText() {
        let framed = TrailLink.canonical(
            sequence: 0, event: event(time: Date(timeIntervalSince1970: -1.5), organization: "o-1", resources: []))
        let expected =
            "1:012:1234567890123:o-15:-15001:e7:GetUser17:iam.amazonaws.com5:alice0:4:true1:0"
            + "10:{\"a\":\"ü\"}"
        #expect(String(decoding: framed, as: UTF8.self) == expected)
    }

    @Test func factsAreFramedAfterTheSequenceAccountAndId() {
        let facts: ArraySlice<UInt8> = Array("ab:c".utf8)[...]
        let framed = TrailLink.canonical(
            sequence: 42, account: AccountID("123456789012")!, eventId: "e-1", facts: facts)
        #expect(String(decoding: framed, as: UTF8.self) == "5:facts2:4212:1234567890123:e-14:ab:c")
        // The writer hashes the header and then the facts where they lie: the same bytes, in two pieces.
        let header = TrailLink.canonicalHeader(
            sequence: 42, account: AccountID("123456789012")!, eventId: "e-1", factsCount: facts.count)
        #expect(header + facts == framed)
    }
}

import Foundation
import RampartCore
import Testing

@testable import RampartServices

/// A call written as facts and read back makes the same record, byte for byte, and bytes that were not
/// written whole are refused, never trapped on.
@Suite struct APICallFactsTests {
    let account = AccountID("111122223333")!
    let now = Date(timeIntervalSince1970: 1_800_000_000.123)

    func call(_ principal: Principal, action: String, parameters: TrailValue = .null) -> APICall {
        .example(
            principal, action: action, parameters: parameters, time: now,
            userAgent: "aws-cli/2 Python/3.13 \"quoted\" ünïcode")
    }

    var alice: Principal {
        Principal(
            account: account, kind: .user, name: "alice", userId: "AIDAEXAMPLE",
            arn: "arn:aws:iam::111122223333:user/alice", session: nil, accessKeyId: "AKIAEXAMPLE")
    }

    var roleSession: Principal {
        var session = TemporarySession(
            source: .assumeRole, accessKeyId: "ASIAEXAMPLE", secretAccessKey: "s3cr3t", account: account,
            kind: .assumedRole, name: "deployer", path: "/ci/", principalId: "AROAEXAMPLE", roleSessionName: "build",
            issuedAt: now, expiresAt: now.addingTimeInterval(900))
        session.mfaAuthenticatedAt = now.addingTimeInterval(-30)
        session.sessionPolicy = #"{"Version":"2012-10-17"}"#
        session.sessionPolicyArns = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
        session.tags = [Tag(key: "team", value: "infra"), Tag(key: "cost", value: "42")]
        session.sourceIdentity = "alice@example.com"
        return session.principal(in: .commercial)
    }

    var nested: TrailValue {
        .members([
            ("userName", .string("bob")), ("maxItems", .int(-7)), ("flag", .bool(true)), ("none", .null),
            ("tags", .array([.members([("key", .string("k")), ("value", .string(""))]), .array([])])),
            ("cached", .rendered(Array(#"{"a":1}"#.utf8))),
        ])
    }

    func roundTrip(
        _ call: APICall, error: AWSError?, responseElements: TrailValue?
    ) throws -> (call: APICall, error: AWSError?, responseElements: TrailValue?) {
        var writer = FactsWriter()
        APICallFacts.write(call, error: error, responseElements: responseElements, into: &writer)
        var reader = FactsReader(writer.bytes[...])
        let read = try APICallFacts.read(&reader)
        #expect(reader.isAtEnd)
        return read
    }

    func expectSameRecord(_ call: APICall, error: AWSError? = nil, responseElements: TrailValue? = nil) throws {
        let read = try roundTrip(call, error: error, responseElements: responseElements)
        let original = call.record(eventId: "e-1", error: error, responseElements: responseElements).trailEvent
        let again = read.call.record(eventId: "e-1", error: read.error, responseElements: read.responseElements)
            .trailEvent
        #expect(again == original)
        #expect(read.error == error)
        #expect(read.responseElements == responseElements)

        // As the store uses them: the queued source's facts, made back by the renderer, are the event the
        // source makes (its identity from the cache), and its lookup facts are that event's.
        let source = APICallEventSource(
            call: call, error: error, responseElements: responseElements, identities: UserIdentityCache())
        var writer = FactsWriter()
        source.write(into: &writer)
        let rendered = try APICallFactsRenderer().event(facts: writer.bytes[...], id: "e-2")
        #expect(rendered == source.event(id: "e-2"))
        var lookup = rendered
        lookup.eventId = ""
        lookup.body = ""
        #expect(source.lookupEvent == lookup)
        #expect(throws: FactsError.self) { try APICallFactsRenderer().event(facts: (writer.bytes + [0])[...], id: "e") }
    }

    @Test func anIAMUsersReadReadsBackAsTheSameRecord() throws {
        try expectSameRecord(call(alice, action: "GetUser", parameters: nested))
    }

    @Test func aRoleSessionReadsBackWithoutItsSecret() throws {
        let original = call(roleSession, action: "ListUsers")
        try expectSameRecord(original)
        let read = try roundTrip(original, error: nil, responseElements: nil).call
        var expected = original.principal
        expected.session?.secretAccessKey = ""
        #expect(read.principal == expected)
        var writer = FactsWriter()
        APICallFacts.write(original, error: nil, responseElements: nil, into: &writer)
        #expect(!String(decoding: writer.bytes, as: UTF8.self).contains("s3cr3t"))
    }

    @Test func aRefusalReadsBackWithItsErrorAndFields() throws {
        let error = AWSError(
            code: "ConstraintViolationException", message: "too many", httpStatus: 409, fault: .receiver,
            fields: ["Reason": "ACCOUNT_NUMBER_LIMIT_EXCEEDED", "Other": "x"])
        try expectSameRecord(call(.rootUser(of: account), action: "CreateAccount"), error: error)
    }

    @Test func aWriteReadsBackWithItsResponseAndConsoleAndFederation() throws {
        var original = call(alice, action: "CreateUser", parameters: .members([("userName", .string("carol"))]))
        original.fromConsole = true
        original.organization = "o-exampleorgid"
        original.federatedIdentity = (.members([("type", .string("WebIdentityUser"))]), "repo:org/app")
        try expectSameRecord(original, responseElements: .members([("user", nested)]))
    }

    @Test func bytesCutShortAreRefusedAtEveryLength() throws {
        var writer = FactsWriter()
        APICallFacts.write(
            call(roleSession, action: "GetUser", parameters: nested), error: .accessDenied("no"),
            responseElements: nested, into: &writer)
        let bytes = writer.bytes
        for length in 0..<bytes.count {
            var reader = FactsReader(bytes[..<length])
            #expect(throws: FactsError.self) { try APICallFacts.read(&reader) }
        }
    }

    @Test func datesReadBackExactly() throws {
        var generator = SystemRandomNumberGenerator()
        var writer = FactsWriter()
        let dates = (0..<10_000).map { _ in
            Date(timeIntervalSince1970: 1_800_000_000 + Double.random(in: 0..<1_000, using: &generator))
        }
        for date in dates { writer.write(date) }
        var reader = FactsReader(writer.bytes[...])
        for date in dates { #expect(try reader.date() == date) }
    }

    @Test func anotherVersionIsRefused() throws {
        var writer = FactsWriter()
        APICallFacts.write(call(alice, action: "GetUser"), error: nil, responseElements: nil, into: &writer)
        var bytes = writer.bytes
        bytes[0] = 2
        var reader = FactsReader(bytes[...])
        #expect(throws: FactsError.malformed("facts of version 2")) { try APICallFacts.read(&reader) }
    }

    @Test func valuesNestedPastTheLimitAreRefused() throws {
        var value = TrailValue.null
        for _ in 0..<FactsReader.maximumDepth { value = .array([value]) }
        var writer = FactsWriter()
        writer.write(value)
        var reader = FactsReader(writer.bytes[...])
        #expect(throws: FactsError.malformed("values nested too deep")) { try reader.value() }

        // One level less reads back.
        guard case .array(let inner) = value else { return }
        var shallower = FactsWriter()
        shallower.write(inner[0])
        var again = FactsReader(shallower.bytes[...])
        #expect(try again.value() == inner[0])
    }

    @Test func aLengthLargerThanWhatIsLeftIsRefusedBeforeAnythingIsAllocated() {
        // An array claiming 2^62 elements in a 10-byte input.
        var bytes: [UInt8] = [5]  // an array's tag
        bytes.append(contentsOf: [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x3f])
        var reader = FactsReader(bytes[...])
        #expect(throws: FactsError.truncated) { try reader.value() }
    }

    @Test func aReusedBufferKeepsItsCapacity() {
        var first = FactsWriter()
        APICallFacts.write(call(alice, action: "GetUser"), error: nil, responseElements: nil, into: &first)
        let capacity = first.bytes.capacity
        var second = FactsWriter(reusing: first.bytes)
        #expect(second.bytes.isEmpty)
        #expect(second.bytes.capacity >= capacity)
        second.write("x")
        #expect(second.bytes == [1, UInt8(ascii: "x")])
    }
}

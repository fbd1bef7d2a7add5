import Foundation
import RampartCore
import RampartStore
import Testing

@testable import RampartServices

@Suite struct CloudTrailRecordTests {
    let account = AccountID("111122223333")!
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func call(_ principal: Principal, action: String, parameters: TrailValue = .null) -> APICall {
        .example(principal, action: action, parameters: parameters, time: now)
    }

    func object(_ event: TrailEvent) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(event.body.utf8)) as? [String: Any])
    }

    @Test func anIAMUsersCallIsRecordedAsAWSWritesIt() throws {
        let alice = Principal(
            account: account, kind: .user, name: "alice", userId: "AIDAEXAMPLE",
            arn: "arn:aws:iam::111122223333:user/alice",
            session: nil, accessKeyId: "AKIAEXAMPLE")
        let event = call(alice, action: "GetUser", parameters: .members([("userName", .string("bob"))]))
            .record(eventId: "e-1", error: nil, responseElements: nil).trailEvent
        #expect(
            event.body.hasPrefix(
                #"{"eventVersion":"1.10","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE","#))
        let record = try object(event)
        #expect(record["eventTime"] as? String == "2027-01-15T08:00:00Z")
        #expect(record["readOnly"] as? Bool == true)
        #expect(record["responseElements"] is NSNull)
        #expect(record["requestID"] as? String == "req-1")
        #expect(record["errorCode"] == nil)
        #expect(event.username == "alice")
        #expect(event.resources == [TrailResource(type: "AWS::IAM::User", name: "bob")])
    }

    @Test func aRefusedCallCarriesItsError() throws {
        let event = call(.rootUser(of: account), action: "DeleteUser")
            .record(eventId: "e-2", error: .accessDenied("no"), responseElements: nil).trailEvent
        let record = try object(event)
        #expect(record["errorCode"] as? String == "AccessDenied")
        #expect(record["errorMessage"] as? String == "no")
        #expect(record["readOnly"] as? Bool == false)
        #expect(event.username == "root")
        let identity = try #require(record["userIdentity"] as? [String: Any])
        #expect(identity["type"] as? String == "Root")
        #expect(identity["principalId"] as? String == account.rawValue)
    }

    @Test func aRoleSessionNamesItsIssuerAndMFA() throws {
        var session = TemporarySession(
            source: .assumeRole, accessKeyId: "ASIAEXAMPLE", secretAccessKey: "s3cr3t", account: account,
            kind: .assumedRole, name: "deployer", path: "/", principalId: "AROAEXAMPLE", roleSessionName: "ci",
            issuedAt: now, expiresAt: now.addingTimeInterval(900))
        session.mfaAuthenticatedAt = now
        let event = call(session.principal(in: .commercial), action: "ListUsers").record(
            eventId: "e-3", error: nil, responseElements: nil
        ).trailEvent
        let identity = try #require(try object(event)["userIdentity"] as? [String: Any])
        #expect(identity["type"] as? String == "AssumedRole")
        let context = try #require(identity["sessionContext"] as? [String: Any])
        let issuer = try #require(context["sessionIssuer"] as? [String: Any])
        #expect(issuer["arn"] as? String == "arn:aws:iam::111122223333:role/deployer")
        #expect((context["attributes"] as? [String: Any])?["mfaAuthenticated"] as? String == "true")
        #expect(event.username == "ci")
        #expect(!event.body.contains("s3cr3t"))
    }

    @Test func stsCredentialsAreRecordedWithoutTheirSecrets() {
        let credentials = STS.Credentials(
            accessKeyId: "ASIAKEY", secretAccessKey: "the-secret", sessionToken: "the-token",
            expiration: now)
        let value = TrailResponseElements.credentials(credentials).json
        #expect(value == #"{"credentials":{"accessKeyId":"ASIAKEY","expiration":"Jan 15, 2027, 8:00:00 AM"}}"#)
    }

    @Test func javaDatesAreAWSsResponseElementDates() {
        #expect(TrailDates.java(Date(timeIntervalSince1970: 0)) == "Jan 1, 1970, 12:00:00 AM")
        #expect(TrailDates.java(Date(timeIntervalSince1970: 13 * 3600 + 5 * 60 + 9)) == "Jan 1, 1970, 1:05:09 PM")
    }

    @Test func aSignInOfAnUnknownUserHidesTheName() async throws {
        let environment = try await ServiceEnvironment.temporary(clock: SystemClock(), account: account)
        let fact = AuditEvent(
            account: account, time: now, name: "ConsoleLogin", userName: "Hunter2-typed-in-the-wrong-box",
            requestId: "r", sourceIp: "192.0.2.1", details: ["result": "Failure", "MFAUsed": "No"])
        let event = SignInEvent.record(fact, in: environment.store.snapshot()).trailEvent
        #expect(!event.body.contains("Hunter2"))
        #expect(event.body.contains("HIDDEN_DUE_TO_SECURITY_REASONS"))
        #expect(event.body.contains(#""responseElements":{"ConsoleLogin":"Failure"}"#))
        #expect(event.body.contains(#""errorMessage":"Failed authentication""#))
        #expect(event.eventSource == "signin.amazonaws.com")
    }

    @Test func anMFACheckAtSignInIsCheckMfa() async throws {
        let environment = try await ServiceEnvironment.temporary(clock: SystemClock(), account: account)
        let fact = AuditEvent(
            account: account, time: now, name: "MFACodeAccepted", userName: nil, requestId: "r",
            sourceIp: "192.0.2.1",
            details: ["serialNumber": "arn:aws:iam::111122223333:mfa/root", "operation": "ConsoleSignIn"])
        let event = SignInEvent.record(fact, in: environment.store.snapshot()).trailEvent
        #expect(event.eventName == "CheckMfa")
        #expect(event.username == "root")
        #expect(event.body.contains(#""responseElements":{"CheckMfa":"Success"}"#))
        #expect(event.resources.first?.type == "AWS::IAM::MFADevice")
    }

    @Test func theRecordWrittenMemberByMemberIsItsValueRendered() {
        var session = TemporarySession(
            source: .assumeRole, accessKeyId: "ASIAEXAMPLE", secretAccessKey: "s3cr3t", account: account,
            kind: .assumedRole, name: "deployer", path: "/", principalId: "AROAEXAMPLE", roleSessionName: "ci",
            issuedAt: now, expiresAt: now.addingTimeInterval(900))
        session.mfaAuthenticatedAt = now
        var refused = call(
            .rootUser(of: account), action: "DeleteUser", parameters: .members([("userName", .string("a\"b\n"))])
        )
        .record(eventId: "e-1", error: .accessDenied("no \"way\""), responseElements: nil)
        refused.additionalEventData = .members([("MFAUsed", .string("No"))])
        refused.sharedEventId = "shared"
        refused.sessionCredentialFromConsole = true
        var console = call(session.principal(in: .commercial), action: "ListUsers").record(
            eventId: "e-2", error: nil, responseElements: .members([("isTruncated", .bool(false))]))
        console.requestId = ""
        for record in [refused, console] {
            #expect(record.json == record.referenceValue.json)
        }
    }

    @Test func aCredentialsIdentityIsRenderedOnceForThePrincipalItWasRenderedFor() {
        let cache = UserIdentityCache(capacity: 2)
        let alice = Principal(
            account: account, kind: .user, name: "alice", userId: "AIDAEXAMPLE",
            arn: "arn:aws:iam::111122223333:user/alice", session: nil, accessKeyId: "AKIAEXAMPLE")
        var renamed = alice
        renamed.name = "alicia"
        renamed.arn = "arn:aws:iam::111122223333:user/alicia"
        for principal in [alice, alice, renamed, alice, .rootUser(of: account)] {
            let uncached = call(principal, action: "GetUser").record(eventId: "e", error: nil, responseElements: nil)
            let cached = call(principal, action: "GetUser").record(
                eventId: "e", error: nil, responseElements: nil, identities: cache)
            #expect(cached.trailEvent.body == uncached.trailEvent.body)
        }
        guard case .rendered = cache.value(of: alice) else {
            Issue.record("a signed call's identity is not taken from the cache")
            return
        }
    }
}

extension CloudTrailRecord {
    /// The record as a value tree, the form `json` writes without building: the reference it is held to.
    var referenceValue: TrailValue {
        .members([
            ("eventVersion", .string(Self.eventVersion)),
            ("userIdentity", identity),
            ("eventTime", .string(Timestamp.iso8601(time))),
            ("eventSource", .string(eventSource)),
            ("eventName", .string(eventName)),
            ("awsRegion", .string(region)),
            ("sourceIPAddress", .string(sourceIp)),
            ("userAgent", .string(userAgent)),
            ("errorCode", errorCode.map(TrailValue.string)),
            ("errorMessage", errorMessage.map(TrailValue.string)),
            ("requestParameters", requestParameters),
            ("responseElements", responseElements),
            ("additionalEventData", additionalEventData),
            ("requestID", requestId.isEmpty ? nil : .string(requestId)),
            ("eventID", .string(eventId)),
            ("readOnly", .bool(readOnly)),
            ("eventType", .string(eventType)),
            ("managementEvent", .bool(true)),
            ("recipientAccountId", .string(recipientAccount.rawValue)),
            ("sharedEventID", sharedEventId.map(TrailValue.string)),
            ("eventCategory", .string("Management")),
            ("sessionCredentialFromConsole", sessionCredentialFromConsole ? .string("true") : nil),
        ])
    }
}

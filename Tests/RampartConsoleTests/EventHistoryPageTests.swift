import Foundation
import RampartCore
import RampartServices
import Testing

@testable import RampartConsole

/// The event history: its filter read from and written back to a query string, its rows read from
/// the records, the records laid out for reading, and every value escaped.
@Suite struct EventHistoryPageTests {
    let account = AccountID("111111111111")!
    let time = Date(timeIntervalSince1970: 1_800_000_001)  // 2027-01-15T08:00:01Z

    func event(name: String = "CreateUser", user: String = "alice", body: String) -> CloudTrail.Event {
        CloudTrail.Event(
            eventId: "e-1", eventName: name, readOnly: "false", eventTime: time, eventSource: "iam.amazonaws.com",
            username: user, resources: [CloudTrail.Resource(resourceType: "AWS::IAM::User", resourceName: "<bob>")],
            cloudTrailEvent: body)
    }

    @Test func theFilterReadsTheQueryAndAsksLookupEvents() throws {
        let filter = try EventFilter(query: "key=Username&value=+alice+&from=2027-01-15T08:00&to=2027-01-15T09:30:15")
        #expect(filter.key == .username && filter.value == "alice")
        let request = try filter.request()
        #expect(
            request.lookupAttributes == [CloudTrail.LookupAttribute(attributeKey: "Username", attributeValue: "alice")])
        #expect(request.startTime == Timestamp.parse("2027-01-15T08:00:00Z"))
        #expect(request.endTime == Timestamp.parse("2027-01-15T09:30:15Z"))
        #expect(request.maxResults == 50 && request.nextToken == nil)
    }

    @Test func anEmptyValueAsksForEveryEvent() throws {
        let request = try EventFilter(query: "key=EventName&value=&from=&to=").request()
        #expect(request.lookupAttributes == nil && request.startTime == nil && request.endTime == nil)
    }

    @Test func badKeysAndTimesAreRefusedInWords() {
        #expect(throws: AWSError.self) { try EventFilter(query: "key=Colour&value=red") }
        #expect(throws: AWSError.self) { try EventFilter(query: "from=yesterday").request() }
        #expect(throws: AWSError.self) { try EventFilter(query: "from=2027-02-30T10:00").request() }
        #expect(throws: AWSError.self) { try EventFilter(query: "value=%zz") }
    }

    @Test func theNextPageRepeatsTheQuestionWithTheToken() throws {
        let filter = try EventFilter(query: "key=ResourceName&value=a%26b%20c&from=2027-01-15T08:00")
        let next = filter.query(token: "MS4x+/=")
        #expect(next == "key=ResourceName&value=a%26b%20c&from=2027-01-15T08%3A00&token=MS4x%2B%2F%3D")
        let again = try EventFilter(query: next)
        #expect(again.value == "a&b c" && again.token == "MS4x+/=" && again.from == filter.from)
        #expect(EventFilter().query(token: nil).isEmpty)
    }

    @Test func prettyJSONKeepsOrderAndStringsAsWritten() {
        let compact = #"{"b":1,"a":{"x":[1,{"y":"a,b:{c}\"]"}],"e":{},"f":[]},"z":null}"#
        #expect(
            PrettyJSON.format(compact) == """
                {
                  "b": 1,
                  "a": {
                    "x": [
                      1,
                      {
                        "y": "a,b:{c}\\"]"
                      }
                    ],
                    "e": {},
                    "f": []
                  },
                  "z": null
                }
                """)
        #expect(PrettyJSON.format(" [ ] ") == "[]")
    }

    @Test func aRowReadsWhatOnlyTheRecordSays() {
        let row = EventRow(
            event(
                body:
                    #"{"eventName":"CreateUser","sourceIPAddress":"203.0.113.9","errorCode":"AccessDenied","recipientAccountId":"111111111111"}"#
            ))
        #expect(row.sourceIp == "203.0.113.9" && row.errorCode == "AccessDenied" && row.account == "111111111111")
        #expect(row.resources.map(\.name) == ["<bob>"])
        let broken = EventRow(event(body: "not json"))
        #expect(broken.sourceIp == "" && broken.errorCode == nil)
    }

    @Test func thePageEscapesEveryValueAndLinksTheNextPage() throws {
        let body = #"{"userName":"<img src=x onerror=alert(1)>","sourceIPAddress":"10.0.0.1"}"#
        var filter = try EventFilter(query: "key=Username&value=%3Cscript%3E")
        filter.token = "T1"
        let view = EventHistoryPage.View(
            filter: filter, rows: [EventRow(event(name: "<Create>", user: "<script>x</script>", body: body))],
            nextToken: "T2", account: account, organization: "o-<abc>")
        let page = EventHistoryPage.render(view, header: "")
        #expect(!page.contains("<script>") && !page.contains("<img") && !page.contains("<bob>"))
        #expect(page.contains("&lt;script&gt;x&lt;/script&gt;") && page.contains("&lt;Create&gt;"))
        #expect(page.contains("&quot;userName&quot;: &quot;&lt;img src=x onerror=alert(1)&gt;&quot;"))
        #expect(page.contains("value=\"&lt;script&gt;\""))
        #expect(page.contains("<option value=\"Username\" selected>User name</option>"))
        #expect(
            page.contains("href=\"/console/events?key=Username&amp;value=%3Cscript%3E&amp;token=T2\" id=\"next-page\""))
        #expect(page.contains("href=\"/console/events?key=Username&amp;value=%3Cscript%3E\" id=\"first-page\""))
        #expect(page.contains("<time datetime=\"2027-01-15T08:00:01Z\">2027-01-15 08:00:01</time>"))
        #expect(page.contains("o-&lt;abc&gt;"))
    }

    @Test func withoutEventsThereIsNoPager() {
        let view = EventHistoryPage.View(filter: EventFilter(), rows: [], nextToken: nil, account: account)
        let page = EventHistoryPage.render(view, header: "")
        #expect(page.contains("id=\"no-events\"") && !page.contains("id=\"next-page\""))
    }

    @Test func theRefusalSaysWhichPermissionIsMissing() {
        let page = EventHistoryPage.notAuthorized(reason: "User: <x> is not authorized", header: "")
        #expect(page.contains("cloudtrail:LookupEvents") && page.contains("User: &lt;x&gt; is not authorized"))
    }

    @Test func theHeaderLinksTheEventHistoryOnlyWhenAllowed() {
        let user = Principal(
            account: account, kind: .user, name: "u", userId: "AIDAUSER", arn: "arn:aws:iam::111111111111:user/u",
            session: nil, accessKeyId: "ASIAX")
        let identity = ConsoleIdentity(signedIn: user, switchedRole: nil, role: nil)
        #expect(ConsoleHeader.render(identity, csrf: "t", events: true).contains("id=\"nav-events\""))
        #expect(!ConsoleHeader.render(identity, csrf: "t").contains("nav-events"))
    }
}

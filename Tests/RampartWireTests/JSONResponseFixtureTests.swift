import Foundation
import RampartCore
import RampartServices
import RampartWire
import Testing

/// JSON 1.1 response bodies checked by botocore itself: Fixtures/check_json_responses.py hands
/// every Fixtures/json_responses/*.json to a real botocore client (as the HTTP response of the
/// operation) and compares what it parses, errors included (`e.response['Reason']`). This test
/// keeps the files equal to what the service writes today; run it with RAMPART_WRITE_FIXTURES=1
/// to rewrite them after a deliberate change, then run the script.
@Suite struct JSONResponseFixtureTests {
    /// (file name, operation, request body, HTTP status the service answers with).
    static let cases: [(name: String, operation: String, body: String, status: Int)] = [
        ("DescribeOrganization", "DescribeOrganization", "{}", 200),
        ("ListAccounts", "ListAccounts", #"{"MaxResults": 2}"#, 200),
        ("CreateAccount", "CreateAccount", #"{"Email": "a@example.com", "AccountName": "Prod"}"#, 200),
        ("DescribeHandshake", "DescribeHandshake", #"{"HandshakeId": "h-examplehandshakeid111"}"#, 200),
        ("ListTagsForResource", "ListTagsForResource", #"{"ResourceId": "123456789012"}"#, 200),
        ("DescribePolicy", "DescribePolicy", #"{"PolicyId": "p-examplepolicyid111"}"#, 200),
        ("AttachPolicy", "AttachPolicy", #"{"PolicyId": "p-examplepolicyid111", "TargetId": "r-ab12"}"#, 200),
        ("ListRoots", "ListRoots", "{}", 200),
        // Errors, in their envelope.
        (
            "Error-ConstraintViolationException", "CreateAccount",
            #"{"Email": "a@example.com", "AccountName": "over the limit"}"#, 400
        ),
        (
            "Error-ValidationException", "CreateAccount",
            #"{"Email": "not an email", "AccountName": "\#(String(repeating: "x", count: 51))"}"#, 400
        ),
        ("Error-SerializationException", "ListAccounts", #"{"MaxResults": "5"}"#, 400),
        ("Error-AWSOrganizationsNotInUseException", "DescribeAccount", #"{"AccountId": "123456789012"}"#, 400),
        ("Error-TooManyRequestsException", "ListParents", #"{"ChildId": "123456789012"}"#, 400),
        ("Error-ServiceException", "DeleteOrganization", "{}", 500),
        ("Error-UnknownOperationException", "LeaveOrganization", "{}", 400),
    ]

    static func render(operation: String, body: String) async -> JSONResponse {
        let dispatcher = JSONDispatcher(services: [OrganizationsJSONService(handler: FakeOrganizationsHandler())])
        return await dispatcher.dispatch(
            target: "AWSOrganizationsV20161128.\(operation)", body: Array(body.utf8),
            call: testCall(requestId: "4a1e8b52-0000-4000-8000-00000000feed"))
    }

    @Test func responsesMatchTheCheckedFixtures() async throws {
        let directory = testsDirectory.appendingPathComponent("Fixtures/json_responses")
        let write = ProcessInfo.processInfo.environment["RAMPART_WRITE_FIXTURES"] == "1"
        if write { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }
        for (name, operation, body, status) in Self.cases {
            let response = await Self.render(operation: operation, body: body)
            #expect(response.status == status, "\(name): \(string(response.body))")
            let file = directory.appendingPathComponent("Organizations-\(name).json")
            if write {
                try Data(response.body).write(to: file)
                continue
            }
            let stored = try [UInt8](Data(contentsOf: file))
            #expect(
                string(response.body) == string(stored), "\(file.lastPathComponent) differs; see the test's comment")
        }
    }
}

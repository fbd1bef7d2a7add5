import Foundation
import RampartCore
import RampartServices
import RampartWire
import Testing

/// Response bodies checked by botocore's own Query parser: Fixtures/check_responses.py parses
/// every Fixtures/responses/*.xml with the operation's output shape and compares the values.
/// This test keeps the files equal to what the encoder writes today; run it with
/// RAMPART_WRITE_FIXTURES=1 to rewrite them after a deliberate change, then run the script.
@Suite struct ResponseFixtureTests {
    static let cases: [(name: String, service: String, body: String)] = [
        (
            "CreateUser", "IAM",
            "Action=CreateUser&Version=2010-05-08&UserName=alice&Path=%2Fops%2F"
                + "&PermissionsBoundary=arn%3Aaws%3Aiam%3A%3A123456789012%3Apolicy%2FBoundary"
                + "&Tags.member.1.Key=team&Tags.member.1.Value=platform&Tags.member.2.Key=empty&Tags.member.2.Value="
        ),
        ("ListUsers", "IAM", "Action=ListUsers&Version=2010-05-08&MaxItems=2"),
        ("GetRole", "IAM", "Action=GetRole&Version=2010-05-08&RoleName=admin"),
        (
            "GetPolicyVersion", "IAM",
            "Action=GetPolicyVersion&Version=2010-05-08&PolicyArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Apolicy%2Fp"
                + "&VersionId=v3"
        ),
        ("GetAccountSummary", "IAM", "Action=GetAccountSummary&Version=2010-05-08"),
        ("GetAccountPasswordPolicy", "IAM", "Action=GetAccountPasswordPolicy&Version=2010-05-08"),
        ("CreateAccessKey", "IAM", "Action=CreateAccessKey&Version=2010-05-08&UserName=alice"),
        ("GetAccountAuthorizationDetails", "IAM", "Action=GetAccountAuthorizationDetails&Version=2010-05-08"),
        ("DeleteUser", "IAM", "Action=DeleteUser&Version=2010-05-08&UserName=alice"),
        (
            "AssumeRole", "STS",
            "Action=AssumeRole&Version=2011-06-15"
                + "&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fadmin&RoleSessionName=alice&SourceIdentity=alice"
        ),
        ("GetCallerIdentity", "STS", "Action=GetCallerIdentity&Version=2011-06-15"),
        ("GetAccessKeyInfo", "STS", "Action=GetAccessKeyInfo&Version=2011-06-15&AccessKeyId=ASIAIOSFODNN7EXAMPLE"),
        // Errors, in their envelope.
        ("Error-NoSuchEntity", "IAM", "Action=GetUser&Version=2010-05-08&UserName=nobody"),
        ("Error-ValidationError", "IAM", "Action=CreateUser&Version=2010-05-08&UserName=bad%20name&Path=x"),
        ("Error-AccessDenied", "STS", "Action=GetSessionToken&Version=2011-06-15"),
    ]

    static func render(service: String, body: String) async -> [UInt8] {
        let call = testCall(requestId: "4a1e8b52-0000-4000-8000-00000000feed")
        do {
            let input = try QueryInput(formEncoded: body)
            if service == "STS" {
                return try await STSQueryDispatcher.dispatch(
                    action: input.action!, query: input, handler: FakeSTSHandler(), call: call)
            }
            return try await IAMQueryDispatcher.dispatch(
                action: input.action!, query: input, handler: FakeIAMHandler(), call: call)
        } catch {
            let namespace = service == "STS" ? STSQueryDispatcher.xmlNamespace : IAMQueryDispatcher.xmlNamespace
            return ErrorEnvelope.query(error, requestId: call.requestId, xmlNamespace: namespace)
        }
    }

    @Test func responsesMatchTheCheckedFixtures() async throws {
        let directory = testsDirectory.appendingPathComponent("Fixtures/responses")
        let write = ProcessInfo.processInfo.environment["RAMPART_WRITE_FIXTURES"] == "1"
        if write { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }
        for (name, service, body) in Self.cases {
            let bytes = await Self.render(service: service, body: body)
            let file = directory.appendingPathComponent("\(service)-\(name).xml")
            if write {
                try Data(bytes).write(to: file)
                continue
            }
            let stored = try [UInt8](Data(contentsOf: file))
            #expect(string(bytes) == string(stored), "\(file.lastPathComponent) differs; see the test's comment")
        }
    }
}

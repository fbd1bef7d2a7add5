import Foundation
import RampartCore
import RampartServices
import RampartWire
import Testing

/// The hot path in numbers. The bounds hold in debug builds; release figures (see
/// codegen/README.md) are an order of magnitude lower: `swift test -c release --filter Performance`.
@Suite struct PerformanceTests {
    private func microseconds(iterations: Int, _ body: () -> Void) -> Double {
        body()
        let clock = ContinuousClock()
        let elapsed = clock.measure { for _ in 0..<iterations { body() } }
        let (seconds, attoseconds) = elapsed.components
        return (Double(seconds) * 1e6 + Double(attoseconds) / 1e12) / Double(iterations)
    }

    @Test func listUsersOfAHundredEncodes() {
        let users = (0..<100).map { index in
            IAM.User(
                path: "/engineering/", userName: "user-\(index)", userId: "AIDA\(index)EXAMPLEID",
                arn: "arn:aws:iam::123456789012:user/engineering/user-\(index)", createDate: Sample.created,
                passwordLastUsed: index % 2 == 0 ? Sample.later : nil, permissionsBoundary: nil,
                tags: index % 10 == 0 ? [IAM.Tag(key: "team", value: "platform")] : nil)
        }
        let response = IAM.ListUsersResponse(users: users, isTruncated: false)
        let size = encodedSize("ListUsers(100) encode", iterations: 200) {
            var xml = XMLWriter(capacity: 32_768)
            response.encode(to: &xml)
            return xml.bytes
        }
        #expect(size > 20_000)
    }

    /// Times `encode` and prints the time per call and the size of what it wrote.
    private func encodedSize(_ name: String, iterations: Int, _ encode: () -> [UInt8]) -> Int {
        var size = 0
        let perCall = microseconds(iterations: iterations) { size = encode().count }
        print("\(name): \(String(format: "%.1f", perCall)) µs, \(size) bytes")
        return size
    }

    @Test func createUserDecodesAndValidates() throws {
        let input = try QueryInput(
            formEncoded:
                "Action=CreateUser&Version=2010-05-08&UserName=alice.smith&Path=%2Fengineering%2F"
                + "&Tags.member.1.Key=team&Tags.member.1.Value=platform&Tags.member.2.Key=cost%20center"
                + "&Tags.member.2.Value=42")
        let perCall = microseconds(iterations: 2_000) {
            _ = try? IAM.CreateUserRequest(query: input)
        }
        print("CreateUser decode + validate: \(String(format: "%.2f", perCall)) µs")
    }

    @Test func formParsing() {
        let body = Array(
            ("Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fadmin"
                + "&RoleSessionName=alice&DurationSeconds=3600&SerialNumber=arn%3Aaws%3Aiam%3A%3A123456789012"
                + "%3Amfa%2Falice&TokenCode=123456").utf8)
        let perCall = microseconds(iterations: 2_000) {
            _ = try? QueryInput(formEncoded: body)
        }
        print("QueryInput parse (7 parameters): \(String(format: "%.2f", perCall)) µs")
    }

    @Test func listAccountsOfTwentyEncodes() {
        let response = Organizations.ListAccountsResponse(
            accounts: (0..<20).map(OrganizationsSample.account), nextToken: "AAE+/=next")
        let size = encodedSize("ListAccounts(20) JSON encode", iterations: 500) {
            var json = JSONWriter(capacity: 4096)
            response.encode(to: &json)
            return json.bytes
        }
        #expect(size > 4_000)
    }

    @Test func createAccountDecodesAndValidates() {
        let body = Array(
            (#"{"Email": "ops+prod@example.com", "AccountName": "Production", "RoleName": "OrgAccess","#
                + #" "Tags": [{"Key": "team", "Value": "platform"}, {"Key": "cost center", "Value": "42"}]}"#).utf8)
        let perCall = microseconds(iterations: 2_000) {
            _ = try? Organizations.CreateAccountRequest(jsonBody: body)
        }
        print("CreateAccount JSON parse + decode + validate: \(String(format: "%.2f", perCall)) µs")
    }
}

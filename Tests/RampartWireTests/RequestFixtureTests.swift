import Foundation
import RampartCore
import RampartServices
import RampartWire
import Testing

/// Request bodies written by botocore's own Query serializer (Fixtures/make_fixtures.py):
/// the parameters must parse exactly as botocore serialized them, and the typed input must hold
/// exactly the parameters given to botocore.
@Suite struct RequestFixtureTests {
    struct Fixture {
        var name: String
        var service: String
        var operation: String
        var params: [String: Any]
        var serialized: [String: String]
        var body: String
    }

    static func loadFixtures() -> [Fixture] {
        let directory = testsDirectory.appendingPathComponent("Fixtures/requests")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".json") }.sorted().compactMap { file in
            guard let data = try? Data(contentsOf: directory.appendingPathComponent(file)),
                let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            else { return nil }
            return Fixture(
                name: String(file.dropLast(5)), service: object["service"] as! String,
                operation: object["operation"] as! String, params: object["params"] as! [String: Any],
                serialized: object["serialized"] as! [String: String], body: object["body"] as! String)
        }
    }

    /// The typed input of each operation the fixtures cover.
    static let decoders: [String: @Sendable (QueryInput) throws -> Any] = [
        "IAM.CreateUser": { try IAM.CreateUserRequest(query: $0) },
        "IAM.TagRole": { try IAM.TagRoleRequest(query: $0) },
        "IAM.UntagUser": { try IAM.UntagUserRequest(query: $0) },
        "IAM.ListUsers": { try IAM.ListUsersRequest(query: $0) },
        "IAM.UpdateAccountPasswordPolicy": { try IAM.UpdateAccountPasswordPolicyRequest(query: $0) },
        "IAM.CreatePolicy": { try IAM.CreatePolicyRequest(query: $0) },
        "IAM.PutRolePolicy": { try IAM.PutRolePolicyRequest(query: $0) },
        "IAM.CreateRole": { try IAM.CreateRoleRequest(query: $0) },
        "IAM.UpdateAccessKey": { try IAM.UpdateAccessKeyRequest(query: $0) },
        "IAM.GetAccountAuthorizationDetails": { try IAM.GetAccountAuthorizationDetailsRequest(query: $0) },
        "IAM.CreateLoginProfile": { try IAM.CreateLoginProfileRequest(query: $0) },
        "IAM.ChangePassword": { try IAM.ChangePasswordRequest(query: $0) },
        "STS.AssumeRole": { try STS.AssumeRoleRequest(query: $0) },
        "STS.GetSessionToken": { try STS.GetSessionTokenRequest(query: $0) },
        "STS.GetCallerIdentity": { try STS.GetCallerIdentityRequest(query: $0) },
        "STS.GetAccessKeyInfo": { try STS.GetAccessKeyInfoRequest(query: $0) },
    ]

    @Test func fixturesArePresent() {
        #expect(Self.loadFixtures().count >= 12)
    }

    @Test func bodiesParseExactlyAsBotocoreSerializedThem() throws {
        for fixture in Self.loadFixtures() {
            let input = try QueryInput(formEncoded: fixture.body)
            #expect(input.parameters == fixture.serialized, "\(fixture.name)")
        }
    }

    @Test func typedInputsHoldTheParameters() async throws {
        for fixture in Self.loadFixtures() {
            let input = try QueryInput(formEncoded: fixture.body)
            if fixture.params.isEmpty && Self.decoders["\(fixture.service).\(fixture.operation)"] == nil {
                // Operations without an input shape (GetAccountSummary) only need to dispatch.
                let bytes = try await IAMQueryDispatcher.dispatch(
                    action: fixture.operation, query: input, handler: FakeIAMHandler(), call: testCall())
                #expect(!bytes.isEmpty)
                continue
            }
            let decode = try #require(Self.decoders["\(fixture.service).\(fixture.operation)"], "\(fixture.name)")
            let typed = try decode(input)
            let differences = ModelMirror.differences(typed, fixture.params, path: fixture.name)
            #expect(differences.isEmpty, "\(differences)")
        }
    }

    @Test func theComparisonNoticesDifferences() {
        let input = IAM.CreateUserRequest(path: "/a/", userName: "x", tags: [IAM.Tag(key: "k", value: "v")])
        let tags: [[String: Any]] = [["Key": "k", "Value": "v"]]
        #expect(ModelMirror.differences(input, ["UserName": "x", "Path": "/a/", "Tags": tags], path: "t").isEmpty)
        #expect(!ModelMirror.differences(input, ["UserName": "y", "Path": "/a/", "Tags": tags], path: "t").isEmpty)
        #expect(!ModelMirror.differences(input, ["UserName": "x", "Tags": tags], path: "t").isEmpty)
        #expect(!ModelMirror.differences(input, ["UserName": "x", "Path": "/a/", "Tags": [Any]()], path: "t").isEmpty)
        let extra: [String: Any] = ["UserName": "x", "Path": "/a/", "Tags": tags, "X": 1]
        #expect(!ModelMirror.differences(input, extra, path: "t").isEmpty)
    }

    @Test func dispatchersAcceptEveryFixture() async throws {
        for fixture in Self.loadFixtures() {
            let input = try QueryInput(formEncoded: fixture.body)
            do {
                if fixture.service == "STS" {
                    _ = try await STSQueryDispatcher.dispatch(
                        action: input.action!, query: input, handler: FakeSTSHandler(), call: testCall())
                } else {
                    _ = try await IAMQueryDispatcher.dispatch(
                        action: input.action!, query: input, handler: FakeIAMHandler(), call: testCall())
                }
            } catch {
                // The fakes implement only some operations; anything but a decoding failure is fine.
                #expect(error.code != "ValidationError", "\(fixture.name): \(error)")
                #expect(error.code != "MalformedQueryString", "\(fixture.name): \(error)")
            }
        }
    }
}

/// Compares a generated shape with botocore parameters by walking it with Mirror: property
/// `userName` is member `UserName`, nil is absent, a date is its epoch seconds.
enum ModelMirror {
    static func differences(_ value: Any, _ expected: Any?, path: String) -> [String] {
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional {
            guard let child = mirror.children.first else {
                return expected == nil ? [] : ["\(path): missing, expected \(expected!)"]
            }
            return differences(child.value, expected, path: path)
        }
        guard let expected else { return ["\(path): unexpected \(value)"] }
        if let date = value as? Date {
            let seconds = expected as? Double
            return seconds == date.timeIntervalSince1970 ? [] : ["\(path): \(date), expected \(expected)"]
        }
        switch mirror.displayStyle {
        case .struct:
            guard let object = expected as? [String: Any] else { return ["\(path): expected \(expected)"] }
            var found = [String]()
            var seen = Set<String>()
            for child in mirror.children {
                guard let label = child.label else { continue }
                let key = object.keys.first { lowerCamel($0) == label }
                if let key { seen.insert(key) }
                found += differences(child.value, key.flatMap { object[$0] }, path: path + "." + label)
            }
            for key in object.keys where !seen.contains(key) { found.append("\(path).\(key): not decoded") }
            return found
        case .collection:
            guard let array = expected as? [Any] else { return ["\(path): expected \(expected)"] }
            let items = Array(mirror.children)
            guard items.count == array.count else { return ["\(path): \(items.count) items, expected \(array.count)"] }
            return zip(items, array).enumerated().flatMap { index, pair in
                differences(pair.0.value, pair.1, path: "\(path)[\(index)]")
            }
        default:
            switch (value, expected) {
            case (let actual as String, let wanted as String): return actual == wanted ? [] : ["\(path): \(actual)"]
            case (let actual as Bool, let wanted as Bool): return actual == wanted ? [] : ["\(path): \(actual)"]
            case (let actual as Int, let wanted as Int): return actual == wanted ? [] : ["\(path): \(actual)"]
            default: return ["\(path): \(value) vs \(expected)"]
            }
        }
    }

    /// The generator's naming rule: `UserName` → `userName`, `MFADevices` → `mfaDevices`.
    static func lowerCamel(_ name: String) -> String {
        let characters = Array(name)
        var upper = 0
        while upper < characters.count && characters[upper].isUppercase { upper += 1 }
        if upper == 0 { return name }
        if upper == characters.count { return name.lowercased() }
        if upper == 1 { return characters[0].lowercased() + String(characters[1...]) }
        if characters[upper].isLowercase {
            return String(characters[..<(upper - 1)]).lowercased() + String(characters[(upper - 1)...])
        }
        return String(characters[..<upper]).lowercased() + String(characters[upper...])
    }
}

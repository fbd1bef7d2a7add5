import Foundation
import RampartCore
import RampartServices
import RampartWire
import Testing

/// Request bodies written by botocore's own JSON serializer (Fixtures/make_json_fixtures.py): the
/// typed input must hold exactly the parameters given to botocore, and the service must take
/// every body without a serialization or validation error.
@Suite struct JSONRequestFixtureTests {
    struct Fixture {
        var name: String
        var operation: String
        var target: String
        var params: [String: Any]
        var body: [UInt8]
    }

    static func loadFixtures() -> [Fixture] {
        let directory = testsDirectory.appendingPathComponent("Fixtures/json_requests")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".json") }.sorted().compactMap { file in
            guard let data = try? Data(contentsOf: directory.appendingPathComponent(file)),
                let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            else { return nil }
            return Fixture(
                name: String(file.dropLast(5)), operation: object["operation"] as! String,
                target: object["target"] as! String, params: object["params"] as! [String: Any],
                body: Array((object["body"] as! String).utf8))
        }
    }

    /// The typed input of each operation the fixtures cover.
    static let decoders: [String: @Sendable ([UInt8]) throws -> Any] = [
        "CreateAccount": { try Organizations.CreateAccountRequest(jsonBody: $0) },
        "CreatePolicy": { try Organizations.CreatePolicyRequest(jsonBody: $0) },
        "ListAccounts": { try Organizations.ListAccountsRequest(jsonBody: $0) },
        "AttachPolicy": { try Organizations.AttachPolicyRequest(jsonBody: $0) },
        "InviteAccountToOrganization": { try Organizations.InviteAccountToOrganizationRequest(jsonBody: $0) },
        "ListCreateAccountStatus": { try Organizations.ListCreateAccountStatusRequest(jsonBody: $0) },
        "UntagResource": { try Organizations.UntagResourceRequest(jsonBody: $0) },
        "TagResource": { try Organizations.TagResourceRequest(jsonBody: $0) },
        "InviteOrganizationToTransferResponsibility": {
            try Organizations.InviteOrganizationToTransferResponsibilityRequest(jsonBody: $0)
        },
        "ListPolicies": { try Organizations.ListPoliciesRequest(jsonBody: $0) },
        "CreateOrganization": { try Organizations.CreateOrganizationRequest(jsonBody: $0) },
        "MoveAccount": { try Organizations.MoveAccountRequest(jsonBody: $0) },
        "ListChildren": { try Organizations.ListChildrenRequest(jsonBody: $0) },
        "EnableAllFeatures": { try Organizations.EnableAllFeaturesRequest(jsonBody: $0) },
    ]

    @Test func fixturesArePresent() {
        #expect(Self.loadFixtures().count >= 15)
    }

    @Test func typedInputsHoldTheParameters() throws {
        for fixture in Self.loadFixtures() {
            guard let decode = Self.decoders[fixture.operation] else {
                // Operations without an input shape (DescribeOrganization): botocore sends `{}`.
                #expect(string(fixture.body) == "{}", "\(fixture.name)")
                continue
            }
            let typed = try decode(fixture.body)
            let differences = ModelMirror.differences(typed, fixture.params, path: fixture.name)
            #expect(differences.isEmpty, "\(differences)")
        }
    }

    @Test func theServiceTakesEveryFixture() async {
        let dispatcher = JSONDispatcher(services: [OrganizationsJSONService(handler: FakeOrganizationsHandler())])
        for fixture in Self.loadFixtures() {
            #expect(fixture.target == "\(OrganizationsJSONService.targetPrefix).\(fixture.operation)")
            let response = await dispatcher.dispatch(target: fixture.target, body: fixture.body, call: testCall())
            // The fake implements only some operations; anything but a decoding failure is fine.
            let body = string(response.body)
            #expect(!body.contains("SerializationException"), "\(fixture.name): \(body)")
            #expect(!body.contains("ValidationException"), "\(fixture.name): \(body)")
        }
    }
}

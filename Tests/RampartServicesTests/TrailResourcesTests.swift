import RampartCore
import Testing

@testable import RampartServices

/// The resources an event names, in the order LookupEvents shows them: the order of
/// `TrailResources.types`, whatever order the call's members came in.
@Suite struct TrailResourcesTests {
    func names(_ resources: [TrailResource]) -> [String] { resources.map { "\($0.type) \($0.name)" } }

    @Test func parametersAreNamedInTheOrderOfTheTypesNotOfTheCall() {
        let parameters = TrailValue.object([
            TrailMember("policyArn", .string("arn:aws:iam::aws:policy/ReadOnlyAccess")),
            TrailMember("maxItems", .int(3)),
            TrailMember("userName", .string("alice")),
        ])
        #expect(
            names(TrailResources.of(parameters: parameters, response: .null)) == [
                "AWS::IAM::User alice", "AWS::IAM::Policy arn:aws:iam::aws:policy/ReadOnlyAccess",
            ])
    }

    @Test func theFirstMemberOfANameCountsAndOnlyWhenItIsText() {
        let parameters = TrailValue.object([
            TrailMember("userName", .int(7)),
            TrailMember("userName", .string("second")),
            TrailMember("roleName", .string("")),
        ])
        #expect(TrailResources.of(parameters: parameters, response: .null).isEmpty)
    }

    @Test func aResourceNamedTwiceIsListedOnce() {
        // roleName and roleArn are both a role; the response names the user the call created.
        let parameters = TrailValue.object([
            TrailMember("roleArn", .string("r")), TrailMember("roleName", .string("r")),
        ])
        let response = TrailValue.object([
            TrailMember("user", .object([TrailMember("userName", .string("bob")), TrailMember("path", .string("/"))])),
            TrailMember("credentials", .object([TrailMember("accessKeyId", .string("ASIAEXAMPLE"))])),
        ])
        #expect(
            names(TrailResources.of(parameters: parameters, response: response)) == [
                "AWS::IAM::Role r", "AWS::IAM::User bob", "AWS::IAM::AccessKey ASIAEXAMPLE",
            ])
    }
}

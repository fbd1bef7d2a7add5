import Foundation
import RampartCore
import RampartServices
import RampartWire
import Testing

/// Organizations request bodies → typed inputs, and every model constraint at its edge, with
/// Coral's validation messages.
@Suite struct OrganizationsJSONDecodingTests {
    private func decode<T: JSONDecodable>(_ type: T.Type, _ body: String) -> Result<T, AWSError> {
        do {
            return .success(try T(jsonBody: Array(body.utf8)))
        } catch {
            return .failure(error)
        }
    }

    /// The message of the ValidationException decoding `body` raises, or nil when it decodes.
    private func violations<T: JSONDecodable>(_ type: T.Type, _ body: String) -> String? {
        switch decode(type, body) {
        case .success: return nil
        case .failure(let error):
            #expect(error.code == "ValidationException" && error.httpStatus == 400, "\(error)")
            return error.message
        }
    }

    private func one(_ path: String, _ constraint: String) -> String {
        "1 validation error detected: Value at '\(path)' failed to satisfy constraint: \(constraint)"
    }

    private func account(name: String, email: String = "ops@example.com") -> String {
        #"{"Email": "\#(email)", "AccountName": "\#(name)"}"#
    }

    @Test func createAccountDecodes() throws {
        let body =
            #"{"Email": "ops@example.com", "AccountName": "Prod", "IamUserAccessToBilling": "ALLOW","#
            + #" "Tags": [{"Key": "team", "Value": "Z\u00fcrich"}], "Unknown": {"ignored": [1]}, "RoleName": null}"#
        let input = try Organizations.CreateAccountRequest(jsonBody: Array(body.utf8))
        #expect(
            input
                == Organizations.CreateAccountRequest(
                    email: "ops@example.com", accountName: "Prod", roleName: nil, iamUserAccessToBilling: "ALLOW",
                    tags: [Organizations.Tag(key: "team", value: "Zürich")]))
    }

    @Test func accountNameLength() {
        let fifty = String(repeating: "n", count: 50)
        #expect(violations(Organizations.CreateAccountRequest.self, account(name: fifty)) == nil)
        #expect(
            violations(Organizations.CreateAccountRequest.self, account(name: fifty + "n"))
                == one("accountName", "Member must have length less than or equal to 50"))
        // Empty: too short, and `[\u0020-\u007E]+` needs one character; length first, as AWS orders them.
        #expect(
            violations(Organizations.CreateAccountRequest.self, account(name: ""))
                == "2 validation errors detected: Value at 'accountName' failed to satisfy constraint: Member must "
                + "have length greater than or equal to 1; Value at 'accountName' failed to satisfy constraint: "
                + #"Member must satisfy regular expression pattern: [\u0020-\u007E]+"#)
        #expect(
            violations(Organizations.CreateAccountRequest.self, account(name: "Z\\u00fcrich"))
                == one("accountName", #"Member must satisfy regular expression pattern: [\u0020-\u007E]+"#))
    }

    @Test func emailPatternAndLength() {
        let pattern = #"Member must satisfy regular expression pattern: [^\s@]+@[^\s@]+\.[^\s@]+"#
        for email in ["ops@example.com", "a.b@c.d.e", "o@x.io", "a@b..c"] {
            #expect(violations(Organizations.CreateAccountRequest.self, account(name: "n", email: email)) == nil)
        }
        for email in ["nobody@example", "a b@example.com", "a@b@c.com", "@example.com", "ops@example.", "ops@com"] {
            #expect(
                violations(Organizations.CreateAccountRequest.self, account(name: "n", email: email))
                    == one("email", pattern), "\(email)")
        }
        #expect(
            violations(Organizations.CreateAccountRequest.self, account(name: "n", email: "a@b.c"))
                == one("email", "Member must have length greater than or equal to 6"))
        let long = String(repeating: "a", count: 53) + "@example.com"
        #expect(
            violations(Organizations.CreateAccountRequest.self, account(name: "n", email: long))
                == one("email", "Member must have length less than or equal to 64"))
    }

    @Test func requiredMembers() {
        #expect(
            violations(Organizations.CreateAccountRequest.self, #"{"Email": null}"#)
                == "2 validation errors detected: Value at 'email' failed to satisfy constraint: Member must not be "
                + "null; Value at 'accountName' failed to satisfy constraint: Member must not be null")
        #expect(
            violations(Organizations.InviteAccountToOrganizationRequest.self, "{}")
                == one("target", "Member must not be null"))
        #expect(
            violations(Organizations.InviteAccountToOrganizationRequest.self, #"{"Target": {"Id": "123456789012"}}"#)
                == one("target.type", "Member must not be null"))
    }

    @Test func enums() {
        #expect(
            violations(
                Organizations.CreateAccountRequest.self,
                #"{"Email": "ops@example.com", "AccountName": "n", "IamUserAccessToBilling": "MAYBE"}"#)
                == one("iamUserAccessToBilling", "Member must satisfy enum value set: [ALLOW, DENY]"))
        #expect(
            violations(
                Organizations.InviteAccountToOrganizationRequest.self,
                #"{"Target": {"Id": "123456789012", "Type": "account"}}"#)
                == one("target.type", "Member must satisfy enum value set: [ACCOUNT, ORGANIZATION, EMAIL]"))
    }

    @Test func maxResultsRange() throws {
        for value in [1, 20] {
            #expect(violations(Organizations.ListAccountsRequest.self, #"{"MaxResults": \#(value)}"#) == nil)
        }
        #expect(
            violations(Organizations.ListAccountsRequest.self, #"{"MaxResults": 0}"#)
                == one("maxResults", "Member must have value greater than or equal to 1"))
        #expect(
            violations(Organizations.ListAccountsRequest.self, #"{"MaxResults": 21}"#)
                == one("maxResults", "Member must have value less than or equal to 20"))
        // Coral cuts a fraction off before validating.
        #expect(try Organizations.ListAccountsRequest(jsonBody: Array(#"{"MaxResults": 5.7}"#.utf8)).maxResults == 5)
    }

    @Test func nestedPaths() {
        #expect(
            violations(
                Organizations.CreateAccountRequest.self,
                #"{"Email": "ops@example.com", "AccountName": "n", "Tags": [{"Key": "a", "Value": "b"},"#
                    + #" {"Key": "", "Value": "v"}, {"Key": "k"}, null]}"#)
                == "3 validation errors detected: Value at 'tags.2.member.key' failed to satisfy constraint: Member "
                + "must have length greater than or equal to 1; Value at 'tags.3.member.value' failed to satisfy "
                + "constraint: Member must not be null; Value at 'tags.4.member' failed to satisfy constraint: "
                + "Member must not be null")
    }

    /// A list of scalars is reported once, naming every constraint of its element shape.
    @Test func scalarListElements() {
        let tagKey = #"^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$"#
        #expect(
            violations(
                Organizations.UntagResourceRequest.self, #"{"ResourceId": "r-ab12", "TagKeys": ["ok", "", "x"]}"#)
                == one(
                    "tagKeys",
                    "Member must satisfy constraint: [Member must have length less than or equal to 128, Member must "
                        + "have length greater than or equal to 1, Member must satisfy regular expression pattern: "
                        + "\(tagKey), Member must not be null]"))
        #expect(
            violations(Organizations.ListCreateAccountStatusRequest.self, #"{"States": ["FAILED", "DONE"]}"#)
                == one(
                    "states",
                    "Member must satisfy constraint: [Member must satisfy enum value set: [IN_PROGRESS, SUCCEEDED, "
                        + "FAILED], Member must not be null]"))
    }

    @Test func identifierPatterns() {
        for parent in ["r-ab12", "ou-ab12-cd34ef56", "ou-abcdefgh-12345678abcdef"] {
            #expect(
                violations(
                    Organizations.ListChildrenRequest.self, #"{"ParentId": "\#(parent)", "ChildType": "ACCOUNT"}"#)
                    == nil)
        }
        for parent in ["r-AB12", "r-ab1", "ou-ab12-cd34ef5", "ou-ab12cd34ef56", "123456789012", "r-ab12 "] {
            #expect(
                violations(
                    Organizations.ListChildrenRequest.self, #"{"ParentId": "\#(parent)", "ChildType": "ACCOUNT"}"#)
                    == one(
                        "parentId",
                        #"Member must satisfy regular expression pattern: ^(r-[0-9a-z]{4,32})|(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$"#
                    ),
                "\(parent)")
        }
        for resource in ["r-ab12", "123456789012", "ou-ab12-cd34ef56", "p-FullAWSAccess", "rp-abcd", "rt-abcdefgh"] {
            #expect(
                violations(Organizations.ListTagsForResourceRequest.self, #"{"ResourceId": "\#(resource)"}"#) == nil)
        }
        #expect(violations(Organizations.ListTagsForResourceRequest.self, #"{"ResourceId": "p-short"}"#) != nil)
    }

    @Test func wrongKindsAreSerializationExceptions() {
        let cases: [(String, String)] = [
            (#"{"MaxResults": "5"}"#, "STRING_VALUE can not be converted to an Integer"),
            (#"{"MaxResults": true}"#, "TRUE_VALUE can not be converted to an Integer"),
            (#"{"NextToken": 5}"#, "NUMBER_VALUE can not be converted to a String"),
            (#"{"NextToken": ["a"]}"#, "Start of list found where not expected"),
            (#"{"MaxResults": {"a": 1}}"#, "Start of structure or map found where not expected."),
            (#"{"MaxResults": 3000000000}"#, "NUMBER_VALUE can not be converted to an Integer"),
        ]
        for (body, message) in cases {
            #expect(
                decode(Organizations.ListAccountsRequest.self, body).failureValue
                    == AWSError(code: "SerializationException", message: message, httpStatus: 400), "\(body)")
        }
        #expect(
            decode(Organizations.InviteAccountToOrganizationRequest.self, #"{"Target": "123456789012"}"#).failureValue?
                .message == "Expected null")
        #expect(
            decode(Organizations.TagResourceRequest.self, #"{"ResourceId": "r-ab12", "Tags": {"k": "v"}}"#)
                .failureValue?.message == "Start of structure or map found where not expected.")
        // A wrong kind is reported even where validation would fail too: Coral reads before it validates.
        #expect(
            decode(Organizations.CreateAccountRequest.self, #"{"Tags": 1}"#).failureValue?.code
                == "SerializationException")
    }

    @Test func malformedBodies() {
        for body in ["{", #"{"MaxResults": 5,}"#, #"{"MaxResults": 5, "MaxResults": 6}"#, "[]", "null", "5"] {
            #expect(decode(Organizations.ListAccountsRequest.self, body).failureValue?.code == "SerializationException")
        }
        #expect((try? Organizations.ListAccountsRequest(jsonBody: [])) == Organizations.ListAccountsRequest())
    }

    @Test func timestampsAreEpochSeconds() throws {
        let body =
            #"{"Type": "BILLING", "Target": {"Id": "210987654321", "Type": "ACCOUNT"},"#
            + #" "StartTimestamp": 1796083200.5, "SourceName": "Finance"}"#
        let input = try Organizations.InviteOrganizationToTransferResponsibilityRequest(jsonBody: Array(body.utf8))
        #expect(input.startTimestamp == Date(timeIntervalSince1970: 1_796_083_200.5))
    }
}

extension Result {
    var failureValue: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}

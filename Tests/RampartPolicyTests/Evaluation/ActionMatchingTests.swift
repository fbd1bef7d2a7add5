import RampartPolicy
import Testing

@Suite("Action and NotAction")
struct ActionMatchingTests {
    @Test(arguments: [
        ("iam:GetUser", "iam:GetUser", true),
        ("IAM:getuser", "iam:GetUser", true),  // prefix and name are case-insensitive
        ("iam:GetUser", "IAM:GETUSER", true),
        ("iam:*", "iam:CreateUser", true),
        ("*", "s3:GetObject", true),
        ("iam:Get*", "iam:GetUser", true),
        ("iam:Get*", "iam:ListUsers", false),
        ("iam:*User", "iam:CreateUser", true),
        ("iam:*User", "iam:CreateUsers", false),
        ("iam:Get?ser", "iam:GetUser", true),
        ("iam:Get?ser", "iam:GetUUser", false),
        ("iam:*MFA*", "iam:ListVirtualMFADevices", true),
        ("*:Get*", "s3:GetObject", true),
        ("s3:GetObject", "s3:GetObjectAcl", false),
        ("s3:GetObject,PutObject", "s3:GetObject", false),  // a comma is a character, not a separator
        ("s3:GetObject   ", "s3:GetObject", false),  // so is trailing space
        ("s3:   GetObject", "s3:GetObject", false),
    ])
    func actionPattern(_ pattern: String, _ action: String, _ expected: Bool) throws {
        let elements = #""Action":"\#(pattern)","Resource":"*""#
        #expect(try Fixture.covers(elements, Fixture.request(action, "*")) == expected)
    }

    @Test func anyListedActionMatches() throws {
        let elements = #""Action":["iam:ListUsers","iam:GetUser"],"Resource":"*""#
        #expect(try Fixture.covers(elements, Fixture.request("iam:GetUser", "*")))
        #expect(try !Fixture.covers(elements, Fixture.request("iam:DeleteUser", "*")))
    }

    @Test func notActionCoversEverythingElse() throws {
        let elements = #""NotAction":["iam:*","sts:GetSessionToken"],"Resource":"*""#
        #expect(try Fixture.covers(elements, Fixture.request("s3:GetObject", "*")))
        #expect(try !Fixture.covers(elements, Fixture.request("IAM:DeleteUser", "*")))
        #expect(try !Fixture.covers(elements, Fixture.request("sts:GetSessionToken", "*")))
        #expect(try Fixture.covers(elements, Fixture.request("sts:AssumeRole", "*")))
    }

    @Test func nonAsciiQuestionMarkMatchesOneCharacter() throws {
        // `?` stands for one character, however many UTF-8 bytes it takes.
        let elements = #""Action":"svc:Caf?","Resource":"*""#
        #expect(try Fixture.covers(elements, Fixture.request("svc:Café", "*")))
        #expect(try !Fixture.covers(elements, Fixture.request("svc:Caféé", "*")))
    }
}

import RampartPolicy
import Testing

@Suite("Resource and NotResource")
struct ResourceMatchingTests {
    @Test(arguments: [
        ("*", "arn:aws:iam::123456789012:user/alice", true),
        ("*", "*", true),
        ("arn:aws:iam::123456789012:user/alice", "arn:aws:iam::123456789012:user/alice", true),
        ("arn:aws:iam::123456789012:user/alice", "arn:aws:iam::123456789012:user/Alice", false),  // case-sensitive
        ("arn:aws:iam::123456789012:user/*", "arn:aws:iam::123456789012:user/division/bob", true),
        ("arn:aws:iam::*:user/alice", "arn:aws:iam::123456789012:user/alice", true),
        ("arn:aws:iam::12345678901?:user/alice", "arn:aws:iam::123456789012:user/alice", true),
        ("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b/c.txt", true),
        ("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket", false),
        ("arn:aws:s3:::bucket/*/test/*", "arn:aws:s3:::bucket/1/test/object.jpg", true),
        ("arn:aws:s3:::bucket/*/test/*", "arn:aws:s3:::bucket/1/2/test.jpg", false),
        ("arn:aws:s3:::bucket/*/test/*", "arn:aws:s3:::bucket//test/object.jpg", true),
        // The resource part may contain colons, and wildcards there match them.
        ("arn:aws:logs:us-east-1:123456789012:log-group:*", "arn:aws:logs:us-east-1:123456789012:log-group:a:b", true),
        // A `*` inside a part stays inside it...
        ("arn:aws:ec2:us-*-1:123456789012:instance/i-1", "arn:aws:ec2:us-east-1:123456789012:instance/i-1", true),
        ("arn:aws:ec2:us-*1:123456789012:instance/i-1", "arn:aws:ec2:us-east:1:123456789012:instance/i-1", false),
        // ...and `?` never matches a colon outside the resource part...
        ("arn:aws:ec2:us-eas?:1:123:instance/i-1", "arn:aws:ec2:us-eas:1:123:instance/i-1", false),
        // ...but a `*` that ends a part may run past the colon (IAM Resource element reference).
        ("arn:aws:iam::*:*", "arn:aws:iam::123456789012:user/alice", true),
        ("arn:aws:logs:*:log-group:app:*", "arn:aws:logs:us-east-1:123456789012:log-group:app:x", true),
        ("arn:aws:s3:::my-bucket", "arn:aws:s3:::my-bucket-2", false),
    ])
    func resourcePattern(_ pattern: String, _ resource: String, _ expected: Bool) throws {
        let elements = #""Action":"*","Resource":"\#(pattern)""#
        #expect(try Fixture.covers(elements, Fixture.request("s3:GetObject", resource)) == expected)
    }

    @Test func notResourceCoversEverythingElse() throws {
        let elements = #""Action":"*","NotResource":["arn:aws:s3:::secret","arn:aws:s3:::secret/*"]"#
        #expect(try Fixture.covers(elements, Fixture.request("s3:GetObject", "arn:aws:s3:::public/a")))
        #expect(try !Fixture.covers(elements, Fixture.request("s3:GetObject", "arn:aws:s3:::secret/a")))
        #expect(try !Fixture.covers(elements, Fixture.request("s3:ListBucket", "arn:aws:s3:::secret")))
    }

    @Test func trustPolicyStatementsCoverTheRoleWhateverItsArn() throws {
        let trust = try Fixture.policy(
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/alice"},"Action":"sts:AssumeRole"}]}"#,
            kind: .trust)
        let request = Fixture.request("sts:AssumeRole", Fixture.role)
        #expect(Fixture.decision(PolicySet(resource: trust), request) == .allow)
    }
}

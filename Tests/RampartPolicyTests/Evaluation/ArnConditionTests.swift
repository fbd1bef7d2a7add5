import RampartPolicy
import Testing

@Suite("Arn operators")
struct ArnConditionTests {
    let source: [String: ContextValue] = [
        "aws:SourceArn": .string("arn:aws:ec2:us-east-1:123456789012:instance/i-12345")
    ]

    @Test func arnLikeMatchesPartByPart() throws {
        #expect(
            try Fixture.holds(#"{"ArnLike":{"aws:SourceArn":"arn:aws:ec2:us-east-1:123456789012:instance/*"}}"#, source)
        )
        #expect(try Fixture.holds(#"{"ArnLike":{"aws:SourceArn":"arn:???:*:*:*:*"}}"#, source))
        #expect(
            try Fixture.holds(#"{"ArnEquals":{"aws:SourceArn":"arn:aws:ec2:*:123456789012:instance/i-12345"}}"#, source)
        )
        #expect(
            try !Fixture.holds(
                #"{"ArnLike":{"aws:SourceArn":"arn:aws:ec2:us-east-1:123456789012:INSTANCE/*"}}"#, source))
        // A wildcard inside one of the first five parts does not reach into the next (unlike the Resource
        // element, where a `*` ending a part may).
        let logGroup: [String: ContextValue] = [
            "aws:SourceArn": .string("arn:aws:logs:us-east-1:123456789012:log-group:app:x")
        ]
        #expect(try !Fixture.holds(#"{"ArnLike":{"aws:SourceArn":"arn:aws:logs:*:log-group:app:*"}}"#, logGroup))
        #expect(try Fixture.holds(#"{"ArnLike":{"aws:SourceArn":"arn:aws:logs:*:*:log-group:app:*"}}"#, logGroup))
    }

    @Test func valuesWithoutSixPartsMatchNothing() throws {
        #expect(
            try !Fixture.holds(
                #"{"ArnLike":{"aws:SourceArn":"arn:::bucket-name"}}"#, ["aws:SourceArn": .string("arn:::bucket-name")]))
        #expect(try !Fixture.holds(#"{"ArnLike":{"aws:SourceArn":"*"}}"#, ["aws:SourceArn": .string("not-an-arn")]))
    }

    @Test func negatedArnOperators() throws {
        #expect(try !Fixture.holds(#"{"ArnNotLike":{"aws:SourceArn":"arn:aws:ec2:*:*:instance/*"}}"#, source))
        #expect(try Fixture.holds(#"{"ArnNotLike":{"aws:SourceArn":"arn:aws:s3:::*"}}"#, source))
        #expect(try Fixture.holds(#"{"ArnNotEquals":{"aws:SourceArn":"arn:aws:s3:::*"}}"#))
        let root: [String: ContextValue] = ["aws:PrincipalArn": .string("arn:aws:iam::123456789012:root")]
        #expect(try !Fixture.holds(#"{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::123456789012:*"}}"#, root))
        #expect(try Fixture.holds(#"{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::111111111111:*"}}"#, root))
    }

    @Test func variablesInArnValues() throws {
        let condition = #"{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::123456789012:user/${aws:username}"}}"#
        let context: [String: ContextValue] = [
            "aws:username": .string("alice"), "aws:PrincipalArn": .string(Fixture.alice),
        ]
        #expect(try Fixture.holds(condition, context))
        #expect(try !Fixture.holds(condition, ["aws:PrincipalArn": .string(Fixture.alice)]))
    }
}

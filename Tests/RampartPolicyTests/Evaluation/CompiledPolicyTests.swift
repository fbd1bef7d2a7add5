import RampartPolicy
import Testing

@Suite("Compiling policies")
struct CompiledPolicyTests {
    @Test func compilesFromAParsedDocument() throws {
        let document = try PolicyDocument(json: DecisionLogicTests.allowAll, kind: .identity)
        let policy = try CompiledPolicy(document: document, id: "inline")
        #expect(policy.id == "inline")
        #expect(policy.kind == .identity)
        #expect(!policy.requiresExplicitAllow)
        #expect(Fixture.decision(PolicySet(identity: [policy]), Fixture.request()) == .allow)
    }

    @Test func trustPoliciesRequireTheirOwnAllow() throws {
        let trust = try Fixture.policy(
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
            kind: .trust)
        #expect(trust.requiresExplicitAllow)
    }

    @Test func resourceKindTakesPrincipalAndResource() throws {
        let bucket =
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}"#
        #expect(try PolicyDocument(json: bucket, kind: .resource).kind == .resource)
        // The write-time messages of the other kinds are unchanged.
        #expect(throws: PolicyDocumentError.malformed("Policy document should not specify a principal.")) {
            try PolicyDocument(json: bucket, kind: .identity)
        }
        #expect(throws: PolicyDocumentError.malformed("Has prohibited field Resource")) {
            try PolicyDocument(json: bucket, kind: .trust)
        }
        #expect(throws: PolicyDocumentError.malformed("Resource b must be in ARN format or \"*\".")) {
            try PolicyDocument(
                json: #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"b"}]}"#,
                kind: .resource)
        }
    }

    @Test func conditionBlockIsKeptAsWritten() throws {
        let document = try PolicyDocument(
            json: Fixture.allowIf(
                #"{"NumericLessThan":{"aws:MultiFactorAuthAge":3600},"Bool":{"aws:SecureTransport":[true]}}"#),
            kind: .identity)
        #expect(document.statements[0].hasCondition)
        #expect(
            document.statements[0].condition == [
                "NumericLessThan": ["aws:MultiFactorAuthAge": ["3600"]], "Bool": ["aws:SecureTransport": ["true"]],
            ])
    }

    @Test func aConditionValueThatIsAnObjectIsASyntaxError() throws {
        let json = Fixture.allowIf(#"{"StringEquals":{"aws:TagKeys":{"nested":"object"}}}"#)
        #expect(throws: PolicyDocumentError.syntax) { try PolicyDocument(json: json, kind: .identity) }
        #expect(throws: PolicyDocumentError.self) { try CompiledPolicy(json: json, id: "x") }
    }
}

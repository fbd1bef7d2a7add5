import RampartPolicy
import Testing

/// An ARN names its resource or principal in one partition: a GovCloud principal is matched by policies
/// that name it in `aws-us-gov`, never by the same account and name in `aws`.
@Suite("Partitions")
struct PartitionMatchingTests {
    static let govUser = "arn:aws-us-gov:iam::123456789012:user/alice"
    static let govSession = "arn:aws-us-gov:sts::123456789012:assumed-role/deployer/build-42"

    func resourcePolicy(principal: String) throws -> CompiledPolicy {
        try Fixture.policy(
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"\#(principal)"},"Action":"iam:GetUser","Resource":"*"}]}"#,
            kind: .resource)
    }

    func request(principal: String) -> EvaluationRequest {
        Fixture.request(
            "iam:GetUser", "arn:aws-us-gov:iam::123456789012:user/bob", principal: principal,
            resourceAccount: Fixture.otherAccount)
    }

    @Test func resourceARNsMatchInTheirPartitionOnly() throws {
        let gov = try Fixture.policy(
            Fixture.statements(
                #"{"Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws-us-gov:iam::123456789012:user/*"}"#))
        let commercial = try Fixture.policy(
            Fixture.statements(
                #"{"Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:iam::123456789012:user/*"}"#))
        let govRequest = Fixture.request(
            "iam:GetUser", "arn:aws-us-gov:iam::123456789012:user/bob", principal: Self.govUser)
        #expect(Fixture.decision(PolicySet(identity: [gov]), govRequest) == .allow)
        #expect(Fixture.decision(PolicySet(identity: [commercial]), govRequest) == .implicitDeny)
        #expect(Fixture.decision(PolicySet(identity: [gov]), Fixture.request()) == .implicitDeny)
    }

    /// The decision for `caller` with a resource policy trusting `trusted` and its own policy allowing all.
    func decision(trusting trusted: String, caller: String) throws -> Decision {
        let allowAll = try Fixture.policy(Fixture.statements(#"{"Effect":"Allow","Action":"*","Resource":"*"}"#))
        return Fixture.decision(
            PolicySet(identity: [allowAll], resource: try resourcePolicy(principal: trusted)),
            request(principal: caller))
    }

    @Test func anAccountNamedByARNIsNamedInOnePartition() throws {
        #expect(try decision(trusting: "arn:aws-us-gov:iam::123456789012:root", caller: Self.govUser) == .allow)
        #expect(try decision(trusting: "arn:aws:iam::123456789012:root", caller: Self.govUser) == .implicitDeny)
        #expect(try decision(trusting: "123456789012", caller: Self.govUser) == .allow)
    }

    @Test func aRoleNamedByARNTrustsItsSessionsInItsPartitionOnly() throws {
        let gov = "arn:aws-us-gov:iam::123456789012:role/app/deployer"
        #expect(try decision(trusting: gov, caller: Self.govSession) == .allow)
        let commercial = "arn:aws:iam::123456789012:role/app/deployer"
        #expect(try decision(trusting: commercial, caller: Self.govSession) == .implicitDeny)
    }
}

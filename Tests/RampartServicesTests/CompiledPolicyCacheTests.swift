import Foundation
import RampartPolicy
import Testing

@testable import RampartServices

/// A stored document that the strict reader refuses (written before policies were read strictly) must fail
/// closed: dropping it would drop every Deny it holds.
@Suite struct CompiledPolicyCacheTests {
    let cache = CompiledPolicyCache()
    let allowAll = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#

    func decision(_ policies: [CompiledPolicy]) -> Decision {
        PolicyEvaluator().evaluate(
            PolicySet(identity: policies),
            EvaluationRequest(
                principal: "arn:aws:iam::123456789012:user/alice", principalAccount: "123456789012",
                action: "s3:GetObject", resource: "arn:aws:s3:::bucket/key", resourceAccount: "123456789012",
                context: ConditionContext())
        ).decision
    }

    @Test(arguments: [
        // The Deny behind a second "Statement": the last one won before.
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}],"Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"}]}"#,
        // A Deny with a trailing comma.
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*",}]}"#,
    ])
    func anUnreadableStoredPolicyDeniesEverything(stored: String) throws {
        let compiled = try #require(cache.policy(stored, id: "user/alice/legacy", kind: .identity))
        let grant = try #require(cache.policy(allowAll, id: "user/alice/all", kind: .identity))
        #expect(decision([grant]) == .allow)
        #expect(decision([grant, compiled]) == .explicitDeny)
    }

    @Test func anUnreadableTrustPolicyTrustsNoOne() throws {
        let valid =
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}]}"#
        let stored = valid.replacingOccurrences(of: #""sts:AssumeRole"}"#, with: #""sts:AssumeRole",}"#)
        func decision(_ trust: CompiledPolicy) -> Decision {
            PolicyEvaluator().evaluate(
                PolicySet(resource: trust),
                EvaluationRequest(
                    principal: "arn:aws:iam::123456789012:user/alice", principalAccount: "123456789012",
                    action: "sts:AssumeRole", resource: "arn:aws:iam::123456789012:role/r",
                    resourceAccount: "123456789012", context: ConditionContext())
            ).decision
        }
        #expect(decision(try #require(cache.policy(valid, id: "role/r/trust-policy", kind: .trust))) == .allow)
        #expect(
            decision(try #require(cache.policy(stored, id: "role/r/trust-policy", kind: .trust))) == .explicitDeny)
    }
}

import Foundation
import RampartCore
import Testing

@testable import RampartServices

/// How new verdicts replace old ones: a verdict that holds keeps the time it was first recorded,
/// and only new or different verdicts are changes (trail events).
struct ConfigEvaluatorTests {
    let then = Date(timeIntervalSince1970: 1_700_000_000)
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func result(_ id: String, _ compliance: ConfigCompliance, at time: Date) -> ConfigRuleResults.Result {
        ConfigRuleResults.Result(
            resourceType: "AWS::IAM::User", resourceId: id, compliance: compliance, annotation: nil,
            recordedTime: time, invokedTime: time)
    }

    @Test func mergeKeepsRecordedTimeWhileVerdictHolds() {
        let previous = [result("A", .compliant, at: then), result("B", .compliant, at: then)]
        let merged = ConfigEvaluator.merge(
            [
                ResourceVerdict("AWS::IAM::User", "A", .compliant),
                ResourceVerdict("AWS::IAM::User", "B", .nonCompliant),
            ],
            previous: previous, at: now)
        #expect(merged.map(\.recordedTime) == [then, now])
        #expect(merged.map(\.invokedTime) == [now, now])
    }

    @Test func changesAreNewOrDifferentVerdicts() {
        let previous = [result("A", .compliant, at: then), result("B", .compliant, at: then)]
        let current = [
            result("A", .compliant, at: now), result("B", .nonCompliant, at: now), result("C", .compliant, at: now),
        ]
        let changes = ConfigEvaluator.changes(from: previous, to: current)
        #expect(changes.map(\.resourceId) == ["B", "C"])
        #expect(changes.map(\.old) == [.compliant, nil])
    }

    @Test func scopeNarrowsByTypeAndId() {
        let verdict = ResourceVerdict("AWS::IAM::User", "AIDA1", .compliant)
        func scope(_ types: [String]?, id: String? = nil) -> ConfigRule.Scope {
            ConfigRule.Scope(resourceTypes: types, tagKey: nil, tagValue: nil, resourceId: id)
        }
        #expect(ConfigEvaluator.inScope(verdict, nil))
        #expect(ConfigEvaluator.inScope(verdict, scope(["AWS::IAM::User"])))
        #expect(ConfigEvaluator.inScope(verdict, scope([])))
        #expect(ConfigEvaluator.inScope(verdict, scope(["AWS::IAM::Role"])) == false)
        #expect(ConfigEvaluator.inScope(verdict, scope(["AWS::IAM::User"], id: "AIDA2")) == false)
        #expect(ConfigEvaluator.inScope(verdict, scope(["AWS::IAM::User"], id: "AIDA1")))
    }

    @Test func rollup() {
        #expect(ComplianceRollup([]).type == "INSUFFICIENT_DATA")
        #expect(ComplianceRollup([.notApplicable]).type == "INSUFFICIENT_DATA")
        #expect(ComplianceRollup([.compliant, .notApplicable]).type == "COMPLIANT")
        let bad = ComplianceRollup([.compliant, .nonCompliant, .nonCompliant])
        #expect(bad.type == "NON_COMPLIANT" && bad.nonCompliant == 2)
        #expect(bad.wire(cap: 1).complianceContributorCount?.capExceeded == true)
    }

    @Test func periodicRulesAreDueAfterTheirFrequency() {
        var rule = ConfigRule(
            account: AccountID("123456789012")!, region: "us-east-1", name: "r", id: "config-rule-abcdef",
            owner: "AWS", sourceIdentifier: "ROOT_ACCOUNT_MFA_ENABLED", firstActivatedTime: then)
        rule.lastSuccessfulInvocationTime = now
        #expect(!PeriodicEvaluation.isDue(rule, .rootAccountMFAEnabled, at: now.addingTimeInterval(86_399)))
        #expect(PeriodicEvaluation.isDue(rule, .rootAccountMFAEnabled, at: now.addingTimeInterval(86_400)))
        rule.maximumExecutionFrequency = "One_Hour"
        #expect(PeriodicEvaluation.isDue(rule, .rootAccountMFAEnabled, at: now.addingTimeInterval(3_600)))
        #expect(!PeriodicEvaluation.isDue(rule, .iamGroupHasUsersCheck, at: now.addingTimeInterval(1e6)))
    }
}

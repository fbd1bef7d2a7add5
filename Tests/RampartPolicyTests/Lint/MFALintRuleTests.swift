import Testing

@testable import RampartPolicy

@Suite struct MFALintRuleTests {
    @Test func idsAreUniqueAndSummariesPresent() {
        #expect(Set(MFALintRule.allCases.map(\.rawValue)).count == MFALintRule.allCases.count)
        #expect(MFALintRule.allCases.allSatisfy { !$0.summary.isEmpty })
        #expect(MFALintRule.allCases.filter { !$0.rawValue.hasPrefix("mfa-") } == [.duplicateName])
    }

    @Test func severitiesOfTheBriefsRules() {
        #expect(MFALintRule.denyBoolFalse.severity == .error)
        #expect(MFALintRule.allowBoolIfExistsTrue.severity == .warning)
        #expect(MFALintRule.allowNullFalse.severity == .warning)
        #expect(MFALintRule.denyNullTrue.severity == .warning)
        #expect(MFALintRule.denyAgeWithoutIfExists.severity == .error)
        #expect(MFALintRule.notActionExemptsDeactivation.severity == .error)
        #expect(MFALintRule.nonBooleanValue.severity == .warning)
        #expect(MFALintRule.operatorTypeMismatch.severity == .warning)
        #expect(MFALintRule.notActionAllowsEnrollment.severity == .info)
    }
}

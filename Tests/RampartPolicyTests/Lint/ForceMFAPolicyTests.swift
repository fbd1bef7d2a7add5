import Foundation
import Testing

@testable import RampartPolicy

@Suite struct ForceMFAPolicyTests {
    @Test func awsForceMFAPolicyHasNoErrorOrWarning() throws {
        let findings = try MFAPolicyLinter.lint(forceMFAPolicy)
        #expect(findings.allSatisfy { $0.severity == .info })
        // The one note: exempting EnableMFADevice is the bootstrap trade-off (a password alone can add a device).
        #expect(findings.map(Located.init) == [Located(.notActionAllowsEnrollment, 94, 17)])
        #expect(findings.first?.statementIndex == 8)
        #expect(findings.first?.sid == "DenyAllExceptListedIfNoMFA")
    }

    @Test func itsDenyIsTheRecommendedGate() throws {
        let statements = LintStatement.statements(in: try LintJSONReader.read(forceMFAPolicy))
        #expect(statements.count == 9)
        #expect(try #require(MFAProfile(statements[8])).isMFAGateDeny)
        #expect(statements[0..<8].allSatisfy { MFAProfile($0) == nil })
    }

    @Test func addingDeactivateToItsNotActionIsAnError() throws {
        let weakened = forceMFAPolicy.replacingOccurrences(
            of: "\"iam:ResyncMFADevice\",\n                \"sts:GetSessionToken\"",
            with: "\"iam:DeactivateMFADevice\",\n                \"sts:GetSessionToken\"")
        #expect(weakened != forceMFAPolicy)
        #expect(
            try located(weakened) == [
                Located(.notActionAllowsEnrollment, 94, 17), Located(.notActionExemptsDeactivation, 98, 17),
            ])
    }

    @Test func weakeningItsOperatorToBoolIsAnError() throws {
        let weakened = forceMFAPolicy.replacingOccurrences(of: "\"BoolIfExists\"", with: "\"Bool\"")
        #expect(
            try located(weakened) == [
                Located(.notActionAllowsEnrollment, 94, 17), Located(.denyBoolFalse, 103, 17),
            ])
    }
}

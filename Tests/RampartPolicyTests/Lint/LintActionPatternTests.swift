import Testing

@testable import RampartPolicy

@Suite struct LintActionPatternTests {
    @Test(arguments: [
        ("iam:DeactivateMFADevice", true), ("iam:deactivatemfadevice", true), ("iam:*", true), ("*", true),
        ("iam:*MFA*", true), ("iam:Deactivate*", true), ("iam:*Device", true), ("iam:?eactivateMFADevice", true),
        ("i*:*a*c*t*", true), ("iam:DeactivateMFADevice*", true),
        ("iam:Delete*", false), ("iam:*MFA", false), ("sts:*", false), ("iam:DeactivateMFADevic", false),
        ("iam:?DeactivateMFADevice", false), ("", false),
    ])
    func matchesDeactivate(pattern: String, expected: Bool) {
        #expect(LintActionPattern.matches(pattern, "iam:DeactivateMFADevice") == expected)
    }
}

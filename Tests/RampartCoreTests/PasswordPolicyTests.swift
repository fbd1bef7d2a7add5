import RampartCore
import XCTest

final class PasswordPolicyTests: XCTestCase {
    func testDefaultsAcceptSixCharacters() {
        XCTAssertEqual(PasswordPolicy().violations(of: "abcdef"), [])
        XCTAssertEqual(PasswordPolicy().violations(of: "abcde").count, 1)
    }

    func testEachRequirementIsChecked() {
        var policy = PasswordPolicy()
        policy.minimumPasswordLength = 10
        policy.requireSymbols = true
        policy.requireNumbers = true
        policy.requireUppercaseCharacters = true
        policy.requireLowercaseCharacters = true
        XCTAssertEqual(policy.violations(of: "short").count, 4)
        XCTAssertEqual(policy.violations(of: "Long-enough-1"), [])
        XCTAssertEqual(policy.violations(of: "long-enough-1").count, 1)
        XCTAssertEqual(policy.violations(of: "Long enough 1").count, 1, "a space is not one of IAM's symbols")
    }

    func testExpiryFlag() {
        var policy = PasswordPolicy()
        XCTAssertFalse(policy.expirePasswords)
        policy.maxPasswordAge = 90
        XCTAssertTrue(policy.expirePasswords)
    }
}

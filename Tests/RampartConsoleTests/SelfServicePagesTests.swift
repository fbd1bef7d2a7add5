import Foundation
import RampartCore
import RampartServices
import Testing

@testable import RampartConsole

/// The pure pieces of the self-service pages (issue 15): refusals in words, the password rules, the
/// confirmation's named return, times with their UTC fallback, and the simulator's action list.
@Suite struct SelfServicePagesTests {
    @Test func aRefusalNamesThePermissionWithoutTheARNs() {
        let denied = AWSError(
            code: "AccessDenied",
            message: "User: arn:aws:iam::123456789012:user/ann is not authorized to perform: iam:ListMFADevices on "
                + "resource: user ann because no identity-based policy allows the iam:ListMFADevices action",
            httpStatus: 403)
        let words = PlainRefusal.message(denied, account: AccountID("123456789012")!)
        #expect(
            words
                == "You cannot do this: your permissions do not include iam:ListMFADevices. Ask an administrator of "
                + "account 123456789012 to allow iam:ListMFADevices for you.")
        #expect(!words.contains("arn:aws"))
        let explicit = AWSError(
            code: "AccessDenied",
            message: "… not authorized to perform: iam:ChangePassword on resource: x with an "
                + "explicit deny in an identity-based policy", httpStatus: 403)
        #expect(
            PlainRefusal.message(explicit, account: AccountID("123456789012")!)
                .contains("(an explicit deny in one of your policies refuses it)"))
        #expect(PlainRefusal.permission(in: "no such words") == nil)
        #expect(
            PlainRefusal.message(AWSError.invalidInput("As it was."), account: AccountID("123456789012")!)
                == "As it was."
        )
    }

    @Test func thePasswordRulesSayWhatThePolicyRequires() {
        #expect(PasswordRules.render(nil).contains("<li>At least 6 characters</li>"))
        var policy = PasswordPolicy()
        policy.minimumPasswordLength = 14
        policy.requireNumbers = true
        policy.passwordReusePrevention = 1
        let rules = PasswordRules.render(policy)
        #expect(rules.contains("<li>At least 14 characters</li>") && rules.contains("<li>A number (0–9)</li>"))
        #expect(rules.contains("<li>Not your previous password</li>") && !rules.contains("uppercase"))
    }

    @Test func aConfirmationReturnsOnlyToAKnownPage() {
        #expect(ConfirmTarget(query: "next=security") == .security)
        #expect(ConfirmTarget(query: "next=https%3A%2F%2Fevil.example") == nil)
        #expect(ConfirmTarget.assign.confirmation == "/console/verify?next=assign")
        #expect(
            FailedCodeNotice.code.location("/console/verify?next=security")
                == "/console/verify?next=security&failed=code")
    }

    @Test func aTimeFallsBackToUTC() {
        let html = LocalTime.html(Date(timeIntervalSince1970: 1_796_000_000))
        #expect(html == "<time datetime=\"2026-11-30T00:53:20Z\" class=\"local\">2026-11-30 00:53 UTC</time>")
    }

    @Test func theSimulatorTakesTheTypedActions() {
        #expect(EffectivePermissions(typed: nil).actions == EffectivePermissions.defaultActions)
        #expect(
            EffectivePermissions(typed: "iam:GetUser,\n s3:GetObject  sts:AssumeRole").actions == [
                "iam:GetUser", "s3:GetObject", "sts:AssumeRole",
            ])
    }
}

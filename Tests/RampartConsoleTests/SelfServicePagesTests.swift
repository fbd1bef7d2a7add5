import Foundation
import RampartCore
import RampartServices
import Testing

@testable import RampartConsole

/// The pure pieces of the self-service pages (issue 15): refusals in words, the password rules, the
/// confirmation's named return, times with their UTC fallback, and the simulator's action list.
@Suite struct SelfServicePagesTests {
    static let account = AccountID("123456789012")!
    static let ann = Principal(
        account: account, kind: .user, name: "ann", userId: "AIDAANN", arn: "arn:aws:iam::123456789012:user/ann",
        session: nil, accessKeyId: "ASIAX")
    static let root = Principal(
        account: account, kind: .root, name: "root", userId: "123456789012", arn: "arn:aws:iam::123456789012:root",
        session: nil, accessKeyId: "ASIAR")

    static func denied(_ action: String, _ why: String) -> AWSError {
        AWSError(
            code: "AccessDenied",
            message: "User: arn:aws:iam::123456789012:user/ann is not authorized to perform: \(action) on "
                + "resource: user ann \(why)", httpStatus: 403)
    }

    @Test func aRefusalNamesThePermissionWithoutTheARNs() {
        let words = PlainRefusal.message(
            Self.denied("iam:ListMFADevices", "because no identity-based policy allows the iam:ListMFADevices action"),
            principal: Self.ann)
        #expect(
            words
                == "You cannot do this: your permissions do not include iam:ListMFADevices. Ask an administrator of "
                + "account 123456789012 to allow iam:ListMFADevices for you.")
        #expect(!words.contains("arn:aws"))
        #expect(
            PlainRefusal.message(AWSError.invalidInput("As it was."), principal: Self.ann) == "As it was.")
        // A refusal already in words (root's wrong current password) is shown as it is: no one to ask.
        #expect(
            PlainRefusal.message(AWSError.accessDenied("The current password is not correct."), principal: Self.root)
                == "The current password is not correct.")
    }

    /// Each kind of policy that can refuse says so, and whom to ask.
    @Test(arguments: [
        (
            "with an explicit deny in an identity-based policy",
            "a policy that applies to you denies iam:ChangePassword (an explicit deny)"
        ),
        ("because no permissions boundary allows the iam:ChangePassword action", "your permissions boundary"),
        ("because no session policy allows the iam:ChangePassword action", "the policy of this session"),
        ("with an explicit deny in a service control policy", "the organization's policies deny iam:ChangePassword"),
        ("because no service control policy allows the iam:ChangePassword action", "management account"),
    ])
    func eachRefuserInWords(why: String, words: String) {
        let message = PlainRefusal.message(Self.denied("iam:ChangePassword", why), principal: Self.ann)
        #expect(message.hasPrefix("You cannot do this: ") && message.contains(words), "\(message)")
        #expect(!message.contains("arn:aws") && !message.contains("not authorized"))
    }

    @Test func rootIsNeverSentToAnAdministratorOfItsOwnAccount() {
        let message = PlainRefusal.message(
            Self.denied("iam:CreateUser", "with an explicit deny in a service control policy"), principal: Self.root)
        #expect(message.contains("The root user too is bound by them"))
        #expect(!message.contains("administrator of account"))
    }

    /// AssumeRole's refusal names no policy: both the caller's permissions and the role's side are
    /// named, the role's account only when it is another.
    @Test func aRefusalThatNamesNoPolicySaysBothSides() {
        func refusal(_ roleAccount: String) -> String {
            PlainRefusal.message(
                AWSError.accessDenied(
                    "User: arn:aws:iam::123456789012:user/ann is not authorized to perform: sts:AssumeRole on "
                        + "resource: arn:aws:iam::\(roleAccount):role/Ops"), principal: Self.ann)
        }
        let other = refusal("210987654321")
        #expect(other.hasPrefix("You cannot do this: sts:AssumeRole was refused"), "\(other)")
        #expect(other.contains("your permissions do not include sts:AssumeRole") && other.contains("trust policy"))
        #expect(
            other.hasSuffix(
                "Ask an administrator of account 123456789012 to allow sts:AssumeRole for you, and an "
                    + "administrator of account 210987654321 to check that it exists and allows you."))
        #expect(!other.contains("arn:aws") && !other.contains("not authorized"))
        #expect(refusal("123456789012").hasSuffix("to allow sts:AssumeRole for you."))
    }

    @Test func thePasswordRulesSayWhatThePolicyRequires() {
        // No policy: the rules IAM checks then, in the same words as root's.
        #expect(PasswordRules.render(nil).contains("<li>At least 8 characters</li>"))
        #expect(RootCredentials.passwordRules.starts(with: DefaultPasswordRules.descriptions))
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

    @Test func theSimulatorTakesResourcesAndContextKeysAsTheAPIReadsThem() throws {
        let typed = EffectivePermissions(
            typed: "s3:GetObject", resources: "arn:aws:s3:::a/*\n arn:aws:s3:::b/*",
            context: "aws:MultiFactorAuthPresent boolean true\n\naws:SourceIp ipList 192.0.2.1, 198.51.100.0/24")
        #expect(
            try typed.simulationParameters() == [
                "ResourceArns.member.1": "arn:aws:s3:::a/*", "ResourceArns.member.2": "arn:aws:s3:::b/*",
                "ContextEntries.member.1.ContextKeyName": "aws:MultiFactorAuthPresent",
                "ContextEntries.member.1.ContextKeyType": "boolean",
                "ContextEntries.member.1.ContextKeyValues.member.1": "true",
                "ContextEntries.member.2.ContextKeyName": "aws:SourceIp",
                "ContextEntries.member.2.ContextKeyType": "ipList",
                "ContextEntries.member.2.ContextKeyValues.member.1": "192.0.2.1",
                "ContextEntries.member.2.ContextKeyValues.member.2": "198.51.100.0/24",
            ])
        #expect(throws: AWSError.self) {
            try EffectivePermissions(typed: nil, context: "aws:MultiFactorAuthPresent").simulationParameters()
        }
        #expect(try EffectivePermissions(typed: nil).simulationParameters().isEmpty)
    }

    @Test func aDeviceIsShownByItsName() {
        let app = DeviceName(serialNumber: "arn:aws:iam::123456789012:mfa/team/<phone>", nickname: nil)
        #expect(app.text == "<phone>" && app.secondary == "arn:aws:iam::123456789012:mfa/team/<phone>")
        #expect(app.html().hasPrefix("<strong class=\"device-name\">&lt;phone&gt;</strong>"))
        #expect(DeviceName(serialNumber: "arn:aws:iam::123456789012:mfa/x", nickname: "Work").text == "Work")
        let token = DeviceName(serialNumber: "GAHT12345678", nickname: nil)
        #expect(token.text == "GAHT12345678" && token.secondary == nil)
    }

    @Test func aLockoutSaysHowLongItHasLeft() {
        let now = Date(timeIntervalSince1970: 1_796_000_000)
        #expect(
            FailedCodeNotice.throttled.message(lockoutEnds: now.addingTimeInterval(60), now: now)
                == "Too many failed attempts. Codes are refused for 1 minute; try again after that.")
        #expect(
            FailedCodeNotice.throttled.message(lockoutEnds: now.addingTimeInterval(61), now: now).contains(
                "for 2 minutes"))
        #expect(FailedCodeNotice.throttled.message(lockoutEnds: nil, now: now).contains("That lockout is over"))
    }
}

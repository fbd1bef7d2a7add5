import RampartPolicy
import Testing

/// The decision matrix of inventory section 7: six MFA statements × the three credential situations.
@Suite("MFA condition truth table")
struct MFAConditionMatrixTests {
    enum Credentials: String, CaseIterable {
        case longTermKey, temporaryWithoutMFA, temporaryWithMFA

        var context: [String: ContextValue] {
            switch self {
            case .longTermKey: [:]  // aws:MultiFactorAuthPresent is absent
            case .temporaryWithoutMFA: ["aws:MultiFactorAuthPresent": .string("false")]
            case .temporaryWithMFA: ["aws:MultiFactorAuthPresent": .string("true")]
            }
        }
    }

    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var effect: String
        var condition: String
        /// Whether the statement applies (denies, or allows) for long-term / no-MFA / MFA credentials.
        var applies: [Bool]
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(
            name: "Deny + Bool false (not recommended)", effect: "Deny",
            condition: #"{"Bool":{"aws:MultiFactorAuthPresent":"false"}}"#, applies: [false, true, false]),
        Row(
            name: "Deny + BoolIfExists false (recommended)", effect: "Deny",
            condition: #"{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}"#, applies: [true, true, false]),
        Row(
            name: "Allow + BoolIfExists true", effect: "Allow",
            condition: #"{"BoolIfExists":{"aws:MultiFactorAuthPresent":"true"}}"#, applies: [true, false, true]),
        Row(
            name: "Allow + Bool true", effect: "Allow",
            condition: #"{"Bool":{"aws:MultiFactorAuthPresent":"true"}}"#, applies: [false, false, true]),
        Row(
            name: "Allow + Null false", effect: "Allow",
            condition: #"{"Null":{"aws:MultiFactorAuthPresent":"false"}}"#, applies: [false, true, true]),
        Row(
            name: "Deny + Null true", effect: "Deny",
            condition: #"{"Null":{"aws:MultiFactorAuthPresent":"true"}}"#, applies: [true, false, false]),
    ]

    @Test(arguments: rows)
    func row(_ row: Row) throws {
        // Deny rows sit next to an unconditional Allow, so "denied" shows as ExplicitDeny and "not denied"
        // as Allow; Allow rows stand alone, so "not allowed" shows as ImplicitDeny.
        var statements = #"{"Effect":"\#(row.effect)","Action":"iam:*","Resource":"*","Condition":\#(row.condition)}"#
        if row.effect == "Deny" { statements += #",{"Effect":"Allow","Action":"*","Resource":"*"}"# }
        let set = PolicySet(identity: [try Fixture.policy(Fixture.statements(statements))])
        for (credentials, applies) in zip(Credentials.allCases, row.applies) {
            let decision = Fixture.decision(set, Fixture.request(context: credentials.context))
            let expected: Decision =
                row.effect == "Deny" ? (applies ? .explicitDeny : .allow) : (applies ? .allow : .implicitDeny)
            #expect(decision == expected, "\(row.name) with \(credentials.rawValue)")
        }
    }

    @Test func forceMFAPolicyLetsUsersOnlyEnrolWithoutMFA() throws {
        let set = PolicySet(identity: [try Fixture.policy(SelfServiceMFAPolicy.json, id: "ForceMFA")])
        let user = ["aws:username": ContextValue.string("alice")]
        func decide(_ action: String, _ resource: String, mfa: String?) -> Decision {
            var context = user
            if let mfa { context["aws:MultiFactorAuthPresent"] = .string(mfa) }
            return Fixture.decision(set, Fixture.request(action, resource, context: context))
        }
        let own = Fixture.alice
        for mfa in [nil, "false"] {
            #expect(decide("iam:CreateVirtualMFADevice", "arn:aws:iam::123456789012:mfa/alice", mfa: mfa) == .allow)
            #expect(decide("iam:EnableMFADevice", own, mfa: mfa) == .allow)
            #expect(decide("iam:GetUser", own, mfa: mfa) == .allow)
            #expect(decide("iam:ListMFADevices", own, mfa: mfa) == .allow)
            #expect(decide("iam:ChangePassword", own, mfa: mfa) == .explicitDeny)
            #expect(decide("iam:CreateAccessKey", own, mfa: mfa) == .explicitDeny)
            #expect(decide("iam:DeactivateMFADevice", own, mfa: mfa) == .explicitDeny)
            #expect(decide("sts:GetSessionToken", "*", mfa: mfa) == .implicitDeny)  // not denied, not allowed here
        }
        #expect(decide("iam:ChangePassword", own, mfa: "true") == .allow)
        #expect(decide("iam:CreateAccessKey", own, mfa: "true") == .allow)
        #expect(decide("iam:CreateAccessKey", "arn:aws:iam::123456789012:user/bob", mfa: "true") == .implicitDeny)
        #expect(decide("iam:DeleteUser", own, mfa: "true") == .implicitDeny)
    }
}

/// AWS's self-service policy requiring MFA (inventory section 8).
enum SelfServiceMFAPolicy {
    static let json = #"""
        {"Version":"2012-10-17","Statement":[
        {"Sid":"AllowViewAccountInfo","Effect":"Allow","Action":["iam:GetAccountPasswordPolicy","iam:ListVirtualMFADevices"],"Resource":"*"},
        {"Sid":"AllowManageOwnPasswords","Effect":"Allow","Action":["iam:ChangePassword","iam:GetUser"],"Resource":"arn:aws:iam::*:user/${aws:username}"},
        {"Sid":"AllowManageOwnAccessKeys","Effect":"Allow","Action":["iam:CreateAccessKey","iam:DeleteAccessKey","iam:ListAccessKeys","iam:UpdateAccessKey"],"Resource":"arn:aws:iam::*:user/${aws:username}"},
        {"Sid":"AllowManageOwnSigningCertificates","Effect":"Allow","Action":["iam:DeleteSigningCertificate","iam:ListSigningCertificates","iam:UpdateSigningCertificate","iam:UploadSigningCertificate"],"Resource":"arn:aws:iam::*:user/${aws:username}"},
        {"Sid":"AllowManageOwnSSHPublicKeys","Effect":"Allow","Action":["iam:DeleteSSHPublicKey","iam:GetSSHPublicKey","iam:ListSSHPublicKeys","iam:UpdateSSHPublicKey","iam:UploadSSHPublicKey"],"Resource":"arn:aws:iam::*:user/${aws:username}"},
        {"Sid":"AllowManageOwnGitCredentials","Effect":"Allow","Action":["iam:CreateServiceSpecificCredential","iam:DeleteServiceSpecificCredential","iam:ListServiceSpecificCredentials","iam:ResetServiceSpecificCredential","iam:UpdateServiceSpecificCredential"],"Resource":"arn:aws:iam::*:user/${aws:username}"},
        {"Sid":"AllowManageOwnVirtualMFADevice","Effect":"Allow","Action":"iam:CreateVirtualMFADevice","Resource":"arn:aws:iam::*:mfa/*"},
        {"Sid":"AllowManageOwnUserMFA","Effect":"Allow","Action":["iam:DeactivateMFADevice","iam:EnableMFADevice","iam:ListMFADevices","iam:ResyncMFADevice"],"Resource":"arn:aws:iam::*:user/${aws:username}"},
        {"Sid":"DenyAllExceptListedIfNoMFA","Effect":"Deny","NotAction":["iam:CreateVirtualMFADevice","iam:EnableMFADevice","iam:GetUser","iam:ListMFADevices","iam:ListVirtualMFADevices","iam:ResyncMFADevice","sts:GetSessionToken"],"Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}
        ]}
        """#
}

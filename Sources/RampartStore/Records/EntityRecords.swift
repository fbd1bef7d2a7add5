import RampartCore

// How each entity is keyed in the store. IAM names are unique per account regardless of
// case, so keys hold the lower-cased name and the record keeps the original spelling.

extension Account: Record {
    public static let kind = RecordKind("account")
    public var recordKey: String { id.rawValue }
    public var recordAccount: String { id.rawValue }
}

extension User: Record {
    public static let kind = RecordKind("user")
    public static func key(_ account: AccountID, _ name: String) -> String {
        "\(account.rawValue)/\(name.lowercased())"
    }
    public var recordKey: String { Self.key(account, name) }
    public var recordAccount: String { account.rawValue }
}

extension Group: Record {
    public static let kind = RecordKind("group")
    public static func key(_ account: AccountID, _ name: String) -> String {
        "\(account.rawValue)/\(name.lowercased())"
    }
    public var recordKey: String { Self.key(account, name) }
    public var recordAccount: String { account.rawValue }
}

extension Role: Record {
    public static let kind = RecordKind("role")
    public static func key(_ account: AccountID, _ name: String) -> String {
        "\(account.rawValue)/\(name.lowercased())"
    }
    public var recordKey: String { Self.key(account, name) }
    public var recordAccount: String { account.rawValue }
}

extension ManagedPolicy: Record {
    public static let kind = RecordKind("policy")
    public static func key(account: String, name: String) -> String { "\(account)/\(name.lowercased())" }
    public var recordKey: String { Self.key(account: recordAccount, name: name) }
    public var recordAccount: String { account?.rawValue ?? "aws" }
}

extension AccessKey: Record {
    public static let kind = RecordKind("access-key")
    public var recordKey: String { id }
    public var recordAccount: String { account.rawValue }
}

extension AccountAlias: Record {
    public static let kind = RecordKind("account-alias")
    public var recordKey: String { alias }
    public var recordAccount: String { account.rawValue }
}

extension MFADevice: Record {
    public static let kind = RecordKind("mfa-device")
    public static func key(_ account: AccountID, _ serialNumber: String) -> String {
        "\(account.rawValue)/\(serialNumber.lowercased())"
    }
    public var recordKey: String { Self.key(account, serialNumber) }
    public var recordAccount: String { account.rawValue }
}

extension MFAThrottle: Record {
    public static let kind = RecordKind("mfa-throttle")
    /// Root has no user name; ":root" cannot collide with one (IAM names have no colon).
    /// A trusted browser's counter adds "@" and the browser, which no IAM name contains.
    public static func key(_ account: AccountID, userName: String?, browser: String? = nil) -> String {
        "\(account.rawValue)/\(userName?.lowercased() ?? ":root")" + (browser.map { "@" + $0 } ?? "")
    }
    public var recordKey: String { Self.key(account, userName: userName, browser: browser) }
    public var recordAccount: String { account.rawValue }
}

extension SignInThrottle: Record {
    public static let kind = RecordKind("sign-in-throttle")
    public static func key(_ subject: Subject) -> String {
        switch subject {
        case .password(let account, let userName): "password/\(account.rawValue)/\(userName?.lowercased() ?? ":root")"
        case .address(let address): "address/\(address)"
        case .browser(let principalId, let deviceHash): "browser/\(principalId)/\(deviceHash)"
        }
    }
    public var recordKey: String { Self.key(subject) }
    public var recordAccount: String {
        if case .password(let account, _) = subject { return account.rawValue }
        return ""
    }
}

extension SignInFlow: Record {
    public static let kind = RecordKind("sign-in-flow")
    public var recordKey: String { idHash }
    public var recordAccount: String { account.rawValue }
}

extension ConsoleSession: Record {
    public static let kind = RecordKind("console-session")
    public var recordKey: String { idHash }
    public var recordAccount: String { account.rawValue }
}

extension WebAuthnCredential: Record {
    public static let kind = RecordKind("webauthn-credential")
    public var recordKey: String { credentialId }
    public var recordAccount: String { account.rawValue }
}

extension WebAuthnChallenge: Record {
    public static let kind = RecordKind("webauthn-challenge")
    public var recordKey: String { challenge }
    public var recordAccount: String { account.rawValue }
}

extension RecoveryCodeSet: Record {
    public static let kind = RecordKind("recovery-codes")
    public static func key(_ account: AccountID, userName: String?) -> String {
        "\(account.rawValue)/\(userName?.lowercased() ?? ":root")"
    }
    public var recordKey: String { Self.key(account, userName: userName) }
    public var recordAccount: String { account.rawValue }
}

extension TrustedBrowser: Record {
    public static let kind = RecordKind("trusted-browser")
    public static func key(principalId: String, deviceHash: String) -> String { "\(principalId)/\(deviceHash)" }
    public var recordKey: String { Self.key(principalId: principalId, deviceHash: deviceHash) }
    public var recordAccount: String { account.rawValue }
}

extension MFAEnrollment: Record {
    public static let kind = RecordKind("mfa-enrollment")
    public static func key(_ account: AccountID, userName: String?) -> String {
        "\(account.rawValue)/\(userName?.lowercased() ?? ":root")"
    }
    public var recordKey: String { Self.key(account, userName: userName) }
    public var recordAccount: String { account.rawValue }
}

extension CredentialReport: Record {
    public static let kind = RecordKind("credential-report")
    public var recordKey: String { account.rawValue }
    public var recordAccount: String { account.rawValue }
}

extension ServiceLastAccessedJob: Record {
    public static let kind = RecordKind("service-last-accessed-job")
    public var recordKey: String { jobId }
    public var recordAccount: String { account.rawValue }
}

/// Every record type the store loads; a type missing here fails loudly at start-up.
public enum RecordTypes {
    public static let all: [any Record.Type] =
        [
            Account.self, User.self, Group.self, Role.self, ManagedPolicy.self, AccessKey.self, AccountAlias.self,
            MFADevice.self, MFAThrottle.self, SignInThrottle.self, SignInFlow.self,
            ConsoleSession.self, WebAuthnCredential.self, WebAuthnChallenge.self, RecoveryCodeSet.self,
            MFAEnrollment.self, TrustedBrowser.self, Organization.self, OrganizationalUnit.self,
            OrganizationPolicy.self, CreateAccountRequestStatus.self, Handshake.self, MandateConfiguration.self,
            CredentialReport.self, ServiceLastAccessedJob.self, ConfigurationRecorder.self,
            ConfigDeliveryChannel.self, ConfigRule.self, ConfigRuleResults.self, InstanceProfile.self,
            OpenIDConnectProvider.self, SAMLProvider.self, SAMLAssertionUse.self, EventRule.self, EventConnection.self,
            APIDestination.self,
        ] + RecordTypes.credentials + RecordTypes.configOrganization + RecordTypes.configPending + RecordTypes.posture
        + RecordTypes.keyRotation
        + RecordTypes.outboundFederation
        + RecordTypes.iamTasks
}

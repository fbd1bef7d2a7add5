/// An account's console MFA settings, modelled on IAM Identity Center's: when to ask for a second
/// factor, what happens to a principal that must have MFA and has no device, which device types may be
/// used, and who must have MFA. The defaults are AWS's: a principal with an MFA device is asked for it at
/// every console sign-in (as the AWS console does; Identity Center's context-aware prompting is an
/// option), registration required at sign-in, both device types, and a 35-day grace period (the root
/// user always must have MFA).
public struct MFASettings: Codable, Sendable, Equatable {
    public enum Prompt: String, Codable, Sendable, CaseIterable {
        case everySignIn = "EVERY_SIGN_IN"
        /// Only when the browser (a device cookie) or the network is new to the principal.
        case contextChange = "CONTEXT_CHANGE"
        /// Never for IAM users; the root user is always asked.
        case never = "NEVER"
    }

    public enum WithoutDevice: String, Codable, Sendable, CaseIterable {
        /// Prompt to set up a device; skipping is allowed during the grace period, then not.
        case requireRegistration = "REQUIRE_REGISTRATION"
        case block = "BLOCK"
        case allow = "ALLOW"
    }

    public enum DeviceType: String, Codable, Sendable, CaseIterable {
        case authenticatorApp = "AUTHENTICATOR_APP"
        case securityKey = "SECURITY_KEY"
    }

    public var prompt: Prompt
    public var withoutDevice: WithoutDevice
    public var allowedTypes: [DeviceType]
    /// IAM users must have MFA to use the console.
    public var requireForConsoleUsers: Bool
    /// ★ Principals whose policies grant IAM administration must have MFA.
    public var requireForPrivileged: Bool
    public var gracePeriodDays: Int
    /// Passkey-first sign-in: a discoverable passkey with user verification replaces password and second
    /// factor at once. Off by default.
    public var passkeySignIn: Bool

    public init(
        prompt: Prompt = .everySignIn, withoutDevice: WithoutDevice = .requireRegistration,
        allowedTypes: [DeviceType] = DeviceType.allCases, requireForConsoleUsers: Bool = false,
        requireForPrivileged: Bool = false, gracePeriodDays: Int = 35, passkeySignIn: Bool = false
    ) {
        self.prompt = prompt
        self.withoutDevice = withoutDevice
        self.allowedTypes = allowedTypes
        self.requireForConsoleUsers = requireForConsoleUsers
        self.requireForPrivileged = requireForPrivileged
        self.gracePeriodDays = gracePeriodDays
        self.passkeySignIn = passkeySignIn
    }

    enum CodingKeys: String, CodingKey {
        case prompt, withoutDevice, allowedTypes, requireForConsoleUsers, requireForPrivileged, gracePeriodDays
        case passkeySignIn
    }

    /// Settings stored before a field existed read it as its default.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = MFASettings()
        prompt = try container.decodeIfPresent(Prompt.self, forKey: .prompt) ?? defaults.prompt
        withoutDevice =
            try container.decodeIfPresent(WithoutDevice.self, forKey: .withoutDevice) ?? defaults.withoutDevice
        allowedTypes = try container.decodeIfPresent([DeviceType].self, forKey: .allowedTypes) ?? defaults.allowedTypes
        requireForConsoleUsers =
            try container.decodeIfPresent(Bool.self, forKey: .requireForConsoleUsers) ?? defaults.requireForConsoleUsers
        requireForPrivileged =
            try container.decodeIfPresent(Bool.self, forKey: .requireForPrivileged) ?? defaults.requireForPrivileged
        gracePeriodDays = try container.decodeIfPresent(Int.self, forKey: .gracePeriodDays) ?? defaults.gracePeriodDays
        passkeySignIn = try container.decodeIfPresent(Bool.self, forKey: .passkeySignIn) ?? defaults.passkeySignIn
    }

    public func allows(_ type: DeviceType) -> Bool { allowedTypes.contains(type) }
}

/// A partial update of an account's MFA settings: nil fields keep their value. Enum fields are text, as they
/// arrive over the wire, and are checked by AdminService.
public struct MFASettingsChange: Sendable, Equatable {
    public var prompt: String?
    public var withoutDevice: String?
    public var allowedTypes: [String]?
    public var requireForConsoleUsers: Bool?
    public var requireForPrivileged: Bool?
    public var gracePeriodDays: Int?
    public var passkeySignIn: Bool?

    public init(
        prompt: String? = nil, withoutDevice: String? = nil, allowedTypes: [String]? = nil,
        requireForConsoleUsers: Bool? = nil, requireForPrivileged: Bool? = nil, gracePeriodDays: Int? = nil,
        passkeySignIn: Bool? = nil
    ) {
        self.prompt = prompt
        self.withoutDevice = withoutDevice
        self.allowedTypes = allowedTypes
        self.requireForConsoleUsers = requireForConsoleUsers
        self.requireForPrivileged = requireForPrivileged
        self.gracePeriodDays = gracePeriodDays
        self.passkeySignIn = passkeySignIn
    }
}

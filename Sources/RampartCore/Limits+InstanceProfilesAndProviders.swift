extension Limits {
    /// "An instance profile can contain only one role, and this quota cannot be increased."
    public static let rolesPerInstanceProfile = 1
    public static let instanceProfilesPerAccount = 1000
    public static let openIDConnectProvidersPerAccount = 100
    public static let samlProvidersPerAccount = 100
    public static let clientIDsPerOpenIDConnectProvider = 100
    public static let thumbprintsPerOpenIDConnectProvider = 5
    /// CreateSAMLProvider/UpdateSAMLProvider: at most two private keys, so one can be rotated.
    public static let privateKeysPerSAMLProvider = 2
}

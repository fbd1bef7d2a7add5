/// Quotas of the credentials a user holds besides passwords and access keys, and of server
/// certificates (IAM User Guide, "IAM and AWS STS quotas").
extension Limits {
    public static let sshPublicKeysPerUser = 5
    public static let signingCertificatesPerUser = 2
    /// Per user and per service.
    public static let serviceSpecificCredentialsPerService = 2
    /// AWS's default quota; AWS raises it on request, a Rampart operator with `--max-server-certificates`.
    public static let serverCertificatesPerAccount = 20
    /// The SSH key size CodeCommit requires at least.
    public static let sshPublicKeyMinimumBits = 2048
}

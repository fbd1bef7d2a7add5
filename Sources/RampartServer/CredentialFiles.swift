import RampartServices
import RampartStore

/// The AWS CLI/SDK profile files written at first start, so that
/// `AWS_SHARED_CREDENTIALS_FILE=… AWS_CONFIG_FILE=… aws --profile rampart …` works as is.
enum CredentialFiles {
    static let profile = "rampart"

    /// `caBundle`: the certificate authority to trust for the endpoint, when Rampart issued it.
    static func write(
        _ result: Bootstrap.Result, endpoint: String, caBundle: String? = nil, to directory: DataDirectory
    ) throws {
        guard let secret = result.adminSecretAccessKey else { return }
        var credentials = """
            [\(profile)]
            aws_access_key_id = \(result.adminAccessKeyId)
            aws_secret_access_key = \(secret)

            """
        if let rootId = result.rootAccessKeyId, let rootSecret = result.rootSecretAccessKey {
            credentials += """

                [\(profile)-root]
                aws_access_key_id = \(rootId)
                aws_secret_access_key = \(rootSecret)

                """
        }
        try SecureFile.write(credentials, to: directory.credentialsFile)
        let trust = caBundle.map { "ca_bundle = \($0)\n" } ?? ""
        var config = """
            [profile \(profile)]
            region = us-east-1
            endpoint_url = \(endpoint)
            \(trust)
            """
        if result.rootAccessKeyId != nil {
            config += """

                [profile \(profile)-root]
                region = us-east-1
                endpoint_url = \(endpoint)
                \(trust)
                """
        }
        try SecureFile.write(config, to: directory.configFile)
    }
}

import Foundation
import RampartServer
import RampartServices

/// What a person sees on first start: the account, the root sign-in, and how to point the
/// AWS CLI at the server. Secrets are printed only when they were just created.
enum SignInInstructions {
    static func print(_ result: Bootstrap.Result, configuration: ServerConfiguration) {
        let directory = configuration.dataDirectory
        var lines = [String]()
        if result.created {
            lines.append("Created a new Rampart account in \(directory.path)")
        } else {
            lines.append("Using the Rampart account in \(directory.path)")
        }
        lines.append("  Account id:        \(result.accountId)")
        lines.append("  Root user:         \(result.rootEmail)")
        if let password = result.rootPassword {
            lines.append("  Root password:     \(password)   (shown once; store it safely)")
        }
        lines.append("  IAM user admin:    access key \(result.adminAccessKeyId)")
        if let secret = result.adminSecretAccessKey {
            lines.append(
                "                     secret     \(secret)   (shown once; also in \(directory.credentialsFile))")
        }
        lines.append("")
        lines.append("Use it with the AWS CLI or any SDK:")
        lines.append("  export AWS_SHARED_CREDENTIALS_FILE=\(directory.credentialsFile)")
        lines.append("  export AWS_CONFIG_FILE=\(directory.configFile)")
        lines.append("  aws --profile rampart sts get-caller-identity")
        lines.append("or: aws --endpoint-url \(configuration.endpoint) iam list-users")
        lines.append("")
        if result.rootPassword == nil && result.created {
            lines.append("This account is in the \(result.partition) partition, which has no root user:")
            lines.append("give an IAM user a password (aws iam create-login-profile) to sign in to the console:")
        } else {
            lines.append("Sign in to the console as the root user (email and password above):")
        }
        lines.append("  \(configuration.consoleConfiguration.origin)/console")
        Output.line(lines.joined(separator: "\n"))
    }
}

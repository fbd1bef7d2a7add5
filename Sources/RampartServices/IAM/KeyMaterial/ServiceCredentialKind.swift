import Foundation
import RampartCore

/// The services IAM issues service-specific credentials for, and what each gets: a generated user
/// name and password (CodeCommit's Git credentials, Amazon Keyspaces), or a long-term API key
/// (Amazon Bedrock, CloudWatch Logs) that may expire (IAM API reference,
/// CreateServiceSpecificCredential; IAM User Guide, "API keys for AWS services").
enum ServiceCredentialKind: Sendable, Equatable {
    case password
    case apiKey

    init?(serviceName: String) {
        switch serviceName {
        case "codecommit.amazonaws.com", "cassandra.amazonaws.com": self = .password
        case "bedrock.amazonaws.com", "logs.amazonaws.com": self = .apiKey
        default: return nil
        }
    }

    /// `USER-at-ACCOUNT`: the user name of a password credential, the public alias of an API key.
    static func userName(_ user: String, account: AccountID) -> String { "\(user)-at-\(account.rawValue)" }

    /// A fresh password or API key secret. Passwords are 32 random bytes in base64 (44 characters,
    /// the length of AWS's). An API key carries its alias, as Bedrock's do (`ABSK` and the base64 of
    /// `ALIAS:SECRET`), so a holder of the key alone can say whose it is.
    func newSecret(serviceName: String, alias: String) -> String {
        let random = Data(RandomBytes.make(32)).base64EncodedString()
        switch self {
        case .password: return random
        case .apiKey:
            let key = Data("\(alias):\(random)".utf8).base64EncodedString()
            return serviceName == "bedrock.amazonaws.com" ? "ABSK" + key : key
        }
    }
}

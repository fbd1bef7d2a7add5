import Foundation

/// The key the admin commands sign with: `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` (and
/// `AWS_SESSION_TOKEN`) when set, else the `rampart` profile that `serve` wrote into the data
/// folder.
struct AdminCredentials {
    var accessKeyId: String
    var secretAccessKey: String
    var sessionToken: String?

    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    static func resolve(dataDirectory: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws -> AdminCredentials
    {
        if let id = environment["AWS_ACCESS_KEY_ID"], let secret = environment["AWS_SECRET_ACCESS_KEY"] {
            return AdminCredentials(
                accessKeyId: id, secretAccessKey: secret, sessionToken: environment["AWS_SESSION_TOKEN"])
        }
        let path = URL(fileURLWithPath: dataDirectory).appendingPathComponent("aws/credentials").path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw Missing(description: "no AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY and no \(path)")
        }
        let profile = parseProfile("rampart", in: text)
        guard let id = profile["aws_access_key_id"], let secret = profile["aws_secret_access_key"] else {
            throw Missing(description: "\(path) has no [rampart] profile with a key")
        }
        return AdminCredentials(accessKeyId: id, secretAccessKey: secret, sessionToken: nil)
    }

    /// The `key = value` lines of one `[name]` section of an INI-style AWS credentials file.
    static func parseProfile(_ name: String, in text: String) -> [String: String] {
        var values = [String: String]()
        var inSection = false
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") {
                inSection = line == "[\(name)]"
            } else if inSection, let equals = line.firstIndex(of: "=") {
                let key = line[..<equals].trimmingCharacters(in: .whitespaces)
                values[key] = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return values
    }
}

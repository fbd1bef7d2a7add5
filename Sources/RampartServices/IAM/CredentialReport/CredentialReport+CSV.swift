import Foundation
import RampartCore
import RampartStore

extension CredentialReport {
    /// The report of `account` as `snapshot` has it, generated at `now`.
    init(of account: Account, in snapshot: StoreSnapshot, at now: Date) {
        self.init(account: account.id, generatedTime: now, content: Self.csv(Self.rows(of: account, in: snapshot)))
    }

    /// The root user's line first, then every IAM user's by name, as AWS orders them.
    static func rows(of account: Account, in snapshot: StoreSnapshot) -> [CredentialReportRow] {
        let id = account.id.rawValue
        // Owners by lower-cased user name, nil for root: one pass over each kind, not one per user.
        let keys = Dictionary(grouping: snapshot.all(AccessKey.self, account: id)) { $0.userName?.lowercased() }
        var withMFA = Set(
            snapshot.all(MFADevice.self, account: id).compactMap { $0.assignment.map { $0.userName?.lowercased() } })
        // A passkey or security key is in use from the moment it is registered.
        withMFA.formUnion(snapshot.all(WebAuthnCredential.self, account: id).map { $0.userName?.lowercased() })

        // Certificates belong to a user's id, nil for root.
        let certificates = Dictionary(grouping: snapshot.all(SigningCertificate.self, account: id)) { $0.userId }
        let root = CredentialReportRow(
            root: account, mfaActive: withMFA.contains(nil), keys: keys[nil] ?? [],
            certificates: certificates[nil] ?? [])
        let users = snapshot.all(User.self, account: id).sorted {
            ($0.name.lowercased(), $0.name) < ($1.name.lowercased(), $1.name)
        }
        return [root]
            + users.map { user in
                let owner = user.name.lowercased()
                return CredentialReportRow(
                    user: user, partition: account.effectivePartition, passwordPolicy: account.passwordPolicy,
                    mfaActive: withMFA.contains(owner),
                    keys: keys[owner] ?? [], certificates: certificates[user.id] ?? [])
            }
    }

    /// The header and one line per row, separated by `\n` with none after the last, as AWS's reports
    /// end. A value holding a comma, quote or line break is quoted (RFC 4180): user names may contain
    /// commas and paths almost anything.
    static func csv(_ rows: [CredentialReportRow]) -> String {
        ([CredentialReportRow.header] + rows.map(\.fields))
            .map { $0.map(quoted).joined(separator: ",") }
            .joined(separator: "\n")
    }

    private static func quoted(_ value: String) -> String {
        // Bytes, not Characters: "\r\n" is one Character and equals neither "\r" nor "\n".
        guard value.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {
            return value
        }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

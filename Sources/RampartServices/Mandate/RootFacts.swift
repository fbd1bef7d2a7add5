import Foundation
import RampartCore
import RampartStore

/// What the mandate needs to know about one account's root user.
struct RootFacts: Sendable {
    enum DeviceType: String, Sendable {
        case authenticatorApp = "AUTHENTICATOR_APP"
        case hardwareTOTP = "HARDWARE_TOTP"
        case securityKey = "SECURITY_KEY"

        var phishingResistant: Bool { self == .securityKey }
    }

    var account: AccountID
    var name: String
    var email: String
    var kind: AccountKind
    var partition: Partition
    var created: Date
    /// A password or an access key: something the root user could act with.
    var hasCredentials: Bool
    var devices: [DeviceType]
    /// The first time the root user was asked to set up MFA.
    var firstPromptedAt: Date?

    static func kind(of account: AccountID, in reader: some EntityReader) -> AccountKind {
        guard let (organization, _) = OrganizationTree.organization(of: account, in: reader) else { return .standalone }
        return organization.managementAccount == account ? .management : .member
    }

    static func gather(_ account: Account, in reader: some EntityReader) -> RootFacts {
        let kind = kind(of: account.id, in: reader)
        let keys = reader.all(AccessKey.self, account: account.id.rawValue).contains { $0.userName == nil }
        let devices =
            reader.mfaDevices(account.id, assignedTo: nil).map {
                $0.kind == .hardware ? DeviceType.hardwareTOTP : .authenticatorApp
            }
            + reader.webAuthnCredentials(account.id, ownedBy: nil).map { _ in DeviceType.securityKey }
        return RootFacts(
            account: account.id, name: account.displayName, email: account.rootEmail, kind: kind,
            partition: account.effectivePartition, created: account.createDate,
            hasCredentials: account.rootPassword != nil || keys, devices: devices,
            firstPromptedAt: reader.get(MFAEnrollment.self, MFAEnrollment.key(account.id, userName: nil))?
                .firstPromptedAt)
    }
}

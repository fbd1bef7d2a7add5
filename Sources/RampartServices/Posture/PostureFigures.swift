import Foundation
import RampartCore
import RampartStore

/// The MFA posture of a set of accounts (one, or an organization's), each figure with the list behind
/// it. `compute` is the one function the dashboard, the Prometheus gauges and the tests read, a pure
/// function of a snapshot, the mandate's report and the root sign-ins found in the trail.
public struct PostureFigures: Sendable, Equatable {
    /// A root user or IAM user that must have MFA to use the console.
    public struct Principal: Sendable, Equatable {
        public var account: AccountID
        /// `<root_account>` for the root user, as the credential report names it.
        public var name: String
        public var hasMFA: Bool
        /// Has a passkey or security key (WebAuthn): phishing-resistant.
        public var phishingResistant: Bool
    }

    /// A root user under the mandate that must act: in grace, due (its wave started, not yet asked), blocked.
    public struct MandateRoot: Sendable, Equatable {
        public var account: AccountID
        public var accountName: String
        public var status: MandateAssessment.Status
        public var daysLeft: Int?
    }

    public struct Device: Sendable, Equatable {
        public var account: AccountID
        public var owner: String
        /// A TOTP device's serial number, a passkey's label.
        public var name: String
        public var kind: String
        /// Nil: never used since it was enabled.
        public var lastUsed: Date?
        public var enabled: Date
    }

    public struct RootCredentials: Sendable, Equatable {
        public var account: AccountID
        public var password: Bool
        public var activeAccessKeys: Int
    }

    public struct RuleCompliance: Sendable, Equatable {
        public var account: AccountID
        public var rule: String
        public var sourceIdentifier: String
        /// `resource type name (id)`, sorted.
        public var nonCompliant: [String]
    }

    public struct RootSignIn: Sendable, Equatable {
        public var account: AccountID
        public var time: Date
        public var sourceIp: String
        public var mfaUsed: Bool
        public var succeeded: Bool

        public init(account: AccountID, time: Date, sourceIp: String, mfaUsed: Bool, succeeded: Bool) {
            self.account = account
            self.time = time
            self.sourceIp = sourceIp
            self.mfaUsed = mfaUsed
            self.succeeded = succeeded
        }
    }

    /// The managed rules Rampart evaluates: the values a gauge's `managed_rule` label can take.
    public static let managedRuleIdentifiers = ManagedRuleCatalog.byIdentifier.keys.sorted()

    /// A device unused this long counts as unused.
    public static let unusedAfter: TimeInterval = 90 * 86_400

    public var accounts: [AccountID]
    public var mustHaveMFA: [Principal]
    public var mandate: [MandateRoot]
    public var unusedDevices: [Device]
    public var rootsWithCredentials: [RootCredentials]
    public var rules: [RuleCompliance]
    public var rootSignIns: [RootSignIn]

    public var withMFA: [Principal] { mustHaveMFA.filter(\.hasMFA) }
    public var withoutMFA: [Principal] { mustHaveMFA.filter { !$0.hasMFA } }
    public var phishingResistant: [Principal] { mustHaveMFA.filter(\.phishingResistant) }
    public func mandate(_ status: MandateAssessment.Status) -> [MandateRoot] { mandate.filter { $0.status == status } }
    public var nonCompliantResources: Int { rules.reduce(0) { $0 + $1.nonCompliant.count } }

    /// The day's entry of the trend.
    public func day(_ now: Date) -> PostureHistory.Day {
        PostureHistory.Day(
            day: PostureHistory.dayString(now), mustHaveMFA: mustHaveMFA.count, withMFA: withMFA.count,
            phishingResistant: phishingResistant.count, blocked: mandate(.blocked).count,
            nonCompliantResources: nonCompliantResources)
    }

    /// Who must have MFA: the root user of every account where it has a password (it can sign in to
    /// the console), and the IAM users with a console password whom the account's MFA settings require
    /// to have it (every console user, or the privileged ones as `MFARequirement` decides).
    public static func compute(
        accounts: [AccountID], in snapshot: StoreSnapshot, authorizer: any Authorizer, mandate: MandateReport,
        rootSignIns: [RootSignIn], now: Date
    ) -> PostureFigures {
        var figures = PostureFigures(
            accounts: accounts, mustHaveMFA: [], mandate: [], unusedDevices: [], rootsWithCredentials: [], rules: [],
            rootSignIns: rootSignIns.sorted { $0.time > $1.time })
        let requirement = MFARequirement(snapshot: snapshot, authorizer: authorizer)
        let wanted = Set(accounts)
        for id in accounts {
            guard let account = snapshot.get(Account.self, id.rawValue) else { continue }
            let raw = id.rawValue
            let settings = account.mfaSettings ?? MFASettings()
            let totp = snapshot.all(MFADevice.self, account: raw).filter { $0.assignment != nil }
            let passkeys = snapshot.all(WebAuthnCredential.self, account: raw)
            func facts(_ userName: String?) -> (mfa: Bool, phishingResistant: Bool) {
                let owner = userName?.lowercased()
                let keys = passkeys.contains { $0.userName?.lowercased() == owner }
                return (keys || totp.contains { $0.assignment?.userName?.lowercased() == owner }, keys)
            }
            if account.rootPassword != nil {
                let root = facts(nil)
                figures.mustHaveMFA.append(
                    Principal(
                        account: id, name: "<root_account>", hasMFA: root.mfa, phishingResistant: root.phishingResistant
                    ))
            }
            for user in snapshot.all(User.self, account: raw).sorted(by: { $0.name < $1.name })
            where user.loginProfile != nil
                && requirement.mustHaveMFA(account: id, userName: user.name, settings: settings, now: now)
            {
                let own = facts(user.name)
                figures.mustHaveMFA.append(
                    Principal(account: id, name: user.name, hasMFA: own.mfa, phishingResistant: own.phishingResistant))
            }
            figures.unusedDevices += unused(totp: totp, passkeys: passkeys, account: id, now: now)
            let rootKeys = snapshot.all(AccessKey.self, account: raw).filter {
                $0.userName == nil && $0.status == .active
            }
            if account.rootPassword != nil || !rootKeys.isEmpty {
                figures.rootsWithCredentials.append(
                    RootCredentials(
                        account: id, password: account.rootPassword != nil, activeAccessKeys: rootKeys.count))
            }
            figures.rules += rules(of: id, in: snapshot)
        }
        figures.mandate = mandate.rows.compactMap { row in
            guard let id = AccountID(row.accountId), wanted.contains(id) else { return nil }
            switch row.assessment.status {
            case .inGrace, .due, .blocked:
                return MandateRoot(
                    account: id, accountName: row.name, status: row.assessment.status, daysLeft: row.assessment.daysLeft
                )
            default:
                return nil
            }
        }
        return figures
    }

    /// Devices whose last use (their enabling, if never used) is more than `unusedAfter` ago. A TOTP
    /// device's last use is the time step of the last code it gave.
    static func unused(totp: [MFADevice], passkeys: [WebAuthnCredential], account: AccountID, now: Date) -> [Device] {
        var devices = totp.compactMap { device -> Device? in
            guard let assignment = device.assignment else { return nil }
            let used = device.lastAcceptedStep.map { Date(timeIntervalSince1970: Double($0) * Double(device.period)) }
            return Device(
                account: account, owner: assignment.userName ?? "<root_account>", name: device.serialNumber,
                kind: device.kind == .hardware ? "Hardware TOTP" : "Authenticator app", lastUsed: used,
                enabled: assignment.enableDate)
        }
        devices += passkeys.map {
            Device(
                account: account, owner: $0.userName ?? "<root_account>", name: $0.nickname ?? $0.label,
                kind: "Passkey or security key", lastUsed: $0.lastUsedDate, enabled: $0.createDate)
        }
        return devices.filter { now.timeIntervalSince($0.lastUsed ?? $0.enabled) > unusedAfter }
            .sorted { ($0.owner, $0.name) < ($1.owner, $1.name) }
    }

    /// Each rule's non-compliant resources, named for a person: Config identifies IAM resources by
    /// their unique ids (`AIDA…`), which the list shows after the name.
    static func rules(of account: AccountID, in snapshot: StoreSnapshot) -> [RuleCompliance] {
        var results: [String: [ConfigRuleResults.Result]] = [:]
        for record in snapshot.all(ConfigRuleResults.self, account: account.rawValue) {
            results[record.ruleName] = record.results
        }
        var names: [String: String] = [:]
        for user in snapshot.all(User.self, account: account.rawValue) { names[user.id] = user.name }
        for group in snapshot.all(Group.self, account: account.rawValue) { names[group.id] = group.name }
        for role in snapshot.all(Role.self, account: account.rawValue) { names[role.id] = role.name }
        for policy in snapshot.all(ManagedPolicy.self, account: account.rawValue) { names[policy.id] = policy.name }
        func label(_ result: ConfigRuleResults.Result) -> String {
            let name = names[result.resourceId].map { "\($0) (\(result.resourceId))" } ?? result.resourceId
            return result.resourceType + " " + name
        }
        return snapshot.all(ConfigRule.self, account: account.rawValue).sorted { $0.name < $1.name }.map { rule in
            RuleCompliance(
                account: account, rule: rule.name, sourceIdentifier: rule.sourceIdentifier,
                nonCompliant: (results[rule.name] ?? []).filter { $0.compliance == .nonCompliant }.map(label).sorted())
        }
    }
}

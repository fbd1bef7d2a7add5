import RampartCore

/// What a snapshot of the working-set mode holds: every record of the global kinds (accounts and
/// the organization, which requests of any account read), and all records of the resident
/// accounts. Everything else is read from `source` when asked for.
package struct Residency: Sendable {
    /// The resident accounts, each with the size of its stored bodies in bytes (what the budget counts).
    package var accounts: [String: Int]
    package let globalKinds: Set<RecordKind>
    package let source: any RecordSource

    package init(globalKinds: Set<RecordKind>, source: any RecordSource) {
        accounts = [:]
        self.globalKinds = globalKinds
        self.source = source
    }

    func isGlobal(_ kind: RecordKind) -> Bool { globalKinds.contains(kind) }

    func holds(_ account: String) -> Bool { Self.shared.contains(account) || accounts[account] != nil }

    /// Pseudo-accounts every account reads, always in memory: "aws" holds AWS's managed policies,
    /// "" the server's own records (retired session keys).
    package static let shared: Set<String> = ["aws", ""]

    /// The kinds every request may read whatever its account, loaded whole at start: the accounts
    /// themselves and the organization's records (SCPs, RCPs, the tree).
    package static let defaultGlobalKinds: Set<RecordKind> = [
        RecordKind("account"), RecordKind("organization"), RecordKind("organizational-unit"),
        RecordKind("organization-policy"), RecordKind("create-account-status"), RecordKind("handshake"),
        RecordKind("mandate"), RecordKind("config-organization-rule"),
    ]
}

/// Reads records as stored, for the accounts a snapshot does not hold. Synchronous: the embedded
/// engine answers a primary-key read in microseconds. A failed read answers as if nothing were
/// stored, since snapshot reads cannot throw.
package protocol RecordSource: Sendable {
    func record(kind: RecordKind, key: String) -> (any Record)?
    func records(kind: RecordKind, account: String) -> [any Record]
    func count(kind: RecordKind, account: String) -> Int
    /// Every stored record of a kind (cross-account readers in the working-set mode).
    func records(kind: RecordKind) -> [any Record]
    /// Every record of an account, all kinds, and the size of their stored bodies in bytes; nil when
    /// the read failed (the account then stays where it was, not resident with a part of its records).
    func accountRecords(_ account: String) -> (records: [any Record], bytes: Int)?
    /// The size of an account's stored bodies (the kinds a load reads), nil when the read failed.
    func storedBytes(_ account: String) -> Int?
}

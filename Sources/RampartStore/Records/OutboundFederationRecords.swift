import RampartCore

// Outbound identity federation: keyed by the issuer id, so the issuer's public documents are found
// from the URL alone; an account's record is its only one (`all(_:account:)`).
extension OutboundFederation: Record {
    public static let kind = RecordKind("outbound-federation")
    public var recordKey: String { issuerId }
    public var recordAccount: String { account.rawValue }
}

extension RecordTypes {
    static let outboundFederation: [any Record.Type] = [OutboundFederation.self]
}

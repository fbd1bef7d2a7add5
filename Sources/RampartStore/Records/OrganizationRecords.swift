import RampartCore

// Organizations records belong to the management account: listing an organization's OUs,
// policies or account-creation requests is a per-account listing of that account.

extension Organization: Record {
    public static let kind = RecordKind("organization")
    public var recordKey: String { id }
    public var recordAccount: String { managementAccount.rawValue }
}

extension OrganizationalUnit: Record {
    public static let kind = RecordKind("organizational-unit")
    public var recordKey: String { id }
    public var recordAccount: String { managementAccount.rawValue }
}

extension OrganizationPolicy: Record {
    public static let kind = RecordKind("organization-policy")
    public var recordKey: String { id }
    public var recordAccount: String { managementAccount?.rawValue ?? "aws" }
}

extension CreateAccountRequestStatus: Record {
    public static let kind = RecordKind("create-account-status")
    public var recordKey: String { id }
    public var recordAccount: String { managementAccount.rawValue }
}

extension Handshake: Record {
    public static let kind = RecordKind("handshake")
    public var recordKey: String { id }
    public var recordAccount: String { managementAccount.rawValue }
}

extension MandateConfiguration: Record {
    public static let kind = RecordKind("mandate")
    public var recordKey: String { Self.key }
    public var recordAccount: String { "" }
}

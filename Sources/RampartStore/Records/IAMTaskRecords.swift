import RampartCore

// Records of IAM's asynchronous operations that are neither entities nor service last accessed jobs.
// A deletion task is keyed by its account and id, so one account cannot read another's; a report job
// by its random id, checked against the caller's account when read.

extension ServiceLinkedRoleDeletionTask: Record {
    public static let kind = RecordKind("service-linked-role-deletion-task")
    public static func key(_ account: AccountID, _ id: String) -> String { "\(account.rawValue)/\(id)" }
    public var recordKey: String { Self.key(account, id) }
    public var recordAccount: String { account.rawValue }
}

extension OrganizationsAccessReportJob: Record {
    public static let kind = RecordKind("organizations-access-report-job")
    public var recordKey: String { jobId }
    public var recordAccount: String { account.rawValue }
}

extension RecordTypes {
    /// The record types of this file, loaded with the others (`RecordTypes.all`).
    static let iamTasks: [any Record.Type] = [
        ServiceLinkedRoleDeletionTask.self, OrganizationsAccessReportJob.self, DelegationRequest.self,
    ]
}

// A delegation request is keyed by its random id alone: the partner that made it and the customer account it
// is for both read it, and each operation checks which of them the caller is.
extension DelegationRequest: Record {
    public static let kind = RecordKind("delegation-request")
    public var recordKey: String { id }
    public var recordAccount: String { requestorAccount.rawValue }
}

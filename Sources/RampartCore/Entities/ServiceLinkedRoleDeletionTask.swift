import Foundation

/// A DeleteServiceLinkedRole request, as GetServiceLinkedRoleDeletionStatus reports it. Its id is
/// AWS's `task/aws-service-role/<service-principal>/<role-name>/<uuid>`.
public struct ServiceLinkedRoleDeletionTask: Codable, Sendable, Equatable {
    /// `DeletionTaskStatusType`.
    public enum Status: String, Codable, Sendable {
        case notStarted = "NOT_STARTED"
        case inProgress = "IN_PROGRESS"
        case succeeded = "SUCCEEDED"
        case failed = "FAILED"
    }

    public var id: String
    public var account: AccountID
    public var roleName: String
    public var status: Status
    public var createDate: Date
    /// Why a FAILED task failed (`DeletionTaskFailureReasonType.Reason`).
    public var failureReason: String?

    /// AWS purges a finished task soon (clients polling a quick deletion have met NoSuchEntity);
    /// Rampart keeps one a day and drops older ones when the account deletes another role.
    public static let lifetime: TimeInterval = 24 * 60 * 60

    public init(id: String, account: AccountID, roleName: String, status: Status, createDate: Date) {
        self.id = id
        self.account = account
        self.roleName = roleName
        self.status = status
        self.createDate = createDate
    }

    public func isExpired(at now: Date) -> Bool {
        now.timeIntervalSince(createDate) > Self.lifetime
    }
}

import Foundation

/// One `CreateAccount` request as it runs: `IN_PROGRESS` until the account exists (or cannot),
/// then `SUCCEEDED` with its id or `FAILED` with a reason, as `DescribeCreateAccountStatus` shows it.
public struct CreateAccountRequestStatus: Codable, Sendable, Equatable {
    public enum State: String, Codable, Sendable {
        case inProgress = "IN_PROGRESS"
        case succeeded = "SUCCEEDED"
        case failed = "FAILED"
    }

    /// `car-` and 32 lower-case letters or digits.
    public var id: String
    public var organizationId: String
    public var managementAccount: AccountID
    public var accountName: String
    public var email: String
    public var roleName: String
    public var tags: [Tag]
    /// The partition of the account to create: `aws`, or `aws-us-gov` for CreateGovCloudAccount.
    public var govCloud: Bool
    public var state: State
    public var requestedTimestamp: Date
    public var completedTimestamp: Date?
    public var accountId: AccountID?
    public var govCloudAccountId: AccountID?
    public var failureReason: String?

    public init(
        id: String, organizationId: String, managementAccount: AccountID, accountName: String, email: String,
        roleName: String, tags: [Tag], govCloud: Bool, requestedTimestamp: Date
    ) {
        self.id = id
        self.organizationId = organizationId
        self.managementAccount = managementAccount
        self.accountName = accountName
        self.email = email
        self.roleName = roleName
        self.tags = tags
        self.govCloud = govCloud
        self.state = .inProgress
        self.requestedTimestamp = requestedTimestamp
    }
}

import Foundation

/// An IAM user. Names are unique in the account regardless of case; `name` keeps the
/// spelling it was created with.
public struct User: Codable, Sendable, Equatable {
    public var account: AccountID
    public var name: String
    public var id: String
    public var path: String
    public var createDate: Date
    public var passwordLastUsed: Date?
    public var permissionsBoundaryArn: String?
    public var tags: [Tag]
    /// Group names (as stored on the group) this user belongs to.
    public var groups: [String]
    public var policies: PolicyAttachments
    public var loginProfile: LoginProfile?

    public init(account: AccountID, name: String, id: String, path: String, createDate: Date) {
        self.account = account
        self.name = name
        self.id = id
        self.path = path
        self.createDate = createDate
        self.tags = []
        self.groups = []
        self.policies = PolicyAttachments()
    }

    public var arn: String { "arn:aws:iam::\(account.rawValue):user\(path)\(name)" }
}

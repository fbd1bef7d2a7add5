import Foundation

/// A long-term access key. The secret is stored sealed (AES-GCM under the master key, bound to
/// the key id); only `CreateAccessKey` ever returns it in clear.
public struct AccessKey: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable { case active = "Active", inactive = "Inactive", expired = "Expired" }

    public var id: String
    public var account: AccountID
    /// The owning IAM user's name, or nil for the root user.
    public var userName: String?
    /// The owning user's unique id (`AIDA…`): the key belongs to that user, not to whoever has
    /// its name. Nil for root and for keys stored before ids were recorded.
    public var userId: String?
    public var status: Status
    public var sealedSecret: [UInt8]
    public var createDate: Date
    public var lastUsedDate: Date?
    public var lastUsedService: String?
    public var lastUsedRegion: String?

    public init(
        id: String, account: AccountID, userName: String?, status: Status, sealedSecret: [UInt8], createDate: Date
    ) {
        self.id = id
        self.account = account
        self.userName = userName
        self.status = status
        self.sealedSecret = sealedSecret
        self.createDate = createDate
    }
}

import Foundation

/// A principal's recovery codes: ten single-use codes for signing in when no device is at hand. Only
/// keyed hashes are kept (HMAC-SHA256 under a key derived from the master key), so the database alone
/// cannot be used to try codes offline; generating a new set replaces this one.
public struct RecoveryCodeSet: Codable, Sendable, Equatable {
    public struct Use: Codable, Sendable, Equatable {
        public var time: Date
        public var sourceIp: String

        public init(time: Date, sourceIp: String) {
            self.time = time
            self.sourceIp = sourceIp
        }
    }

    public var account: AccountID
    /// Nil for the root user.
    public var userName: String?
    public var createDate: Date
    /// Keyed hashes, hex, of the codes not yet used.
    public var unused: [String]
    public var uses: [Use]

    public init(account: AccountID, userName: String?, createDate: Date, unused: [String]) {
        self.account = account
        self.userName = userName
        self.createDate = createDate
        self.unused = unused
        self.uses = []
    }
}

/// An account alias. Aliases are unique across every account on the server, so each is a
/// record of its own keyed by the alias, which makes a duplicate impossible to commit.
public struct AccountAlias: Codable, Sendable, Equatable {
    public var alias: String
    public var account: AccountID
    public init(alias: String, account: AccountID) {
        self.alias = alias
        self.account = account
    }
}

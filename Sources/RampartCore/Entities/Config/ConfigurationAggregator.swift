import Foundation

/// A configuration aggregator (`PutConfigurationAggregator`): the accounts whose compliance its
/// owner may read in one call, named one by one (each must have authorized the owner) or as the
/// owner's whole organization.
public struct ConfigurationAggregator: Codable, Sendable, Equatable {
    public struct AccountSource: Codable, Sendable, Equatable {
        public var accountIds: [AccountID]
        public var allRegions: Bool
        public var regions: [String]?

        public init(accountIds: [AccountID], allRegions: Bool, regions: [String]?) {
            self.accountIds = accountIds
            self.allRegions = allRegions
            self.regions = regions
        }
    }

    public struct OrganizationSource: Codable, Sendable, Equatable {
        public var roleArn: String
        public var allRegions: Bool
        public var regions: [String]?

        public init(roleArn: String, allRegions: Bool, regions: [String]?) {
            self.roleArn = roleArn
            self.allRegions = allRegions
            self.regions = regions
        }
    }

    public var account: AccountID
    public var region: String
    public var name: String
    /// `config-aggregator-` and eight lower-case letters and digits.
    public var id: String
    public var accountSource: AccountSource?
    public var organizationSource: OrganizationSource?
    public var creationTime: Date
    public var lastUpdatedTime: Date
    public var tags: [Tag]

    public init(account: AccountID, region: String, name: String, id: String, creationTime: Date) {
        self.account = account
        self.region = region
        self.name = name
        self.id = id
        self.creationTime = creationTime
        self.lastUpdatedTime = creationTime
        self.tags = []
    }

    public func arn(in partition: Partition) -> String {
        "arn:\(partition.rawValue):config:\(region):\(account.rawValue):config-aggregator/\(id)"
    }

    /// Whether the aggregator reads a region.
    public func covers(region: String) -> Bool {
        if let source = organizationSource { return source.allRegions || source.regions?.contains(region) == true }
        if let source = accountSource { return source.allRegions || source.regions?.contains(region) == true }
        return false
    }
}

/// A source account's permission for an aggregator account to read its data in one region
/// (`PutAggregationAuthorization`); needed for accounts an aggregator names one by one.
public struct AggregationAuthorization: Codable, Sendable, Equatable {
    public var account: AccountID
    public var region: String
    public var authorizedAccount: AccountID
    public var authorizedRegion: String
    public var creationTime: Date
    public var tags: [Tag]

    public init(
        account: AccountID, region: String, authorizedAccount: AccountID, authorizedRegion: String, creationTime: Date
    ) {
        self.account = account
        self.region = region
        self.authorizedAccount = authorizedAccount
        self.authorizedRegion = authorizedRegion
        self.creationTime = creationTime
        self.tags = []
    }

    public func arn(in partition: Partition) -> String {
        "arn:\(partition.rawValue):config:\(region):\(account.rawValue):aggregation-authorization/\(authorizedAccount.rawValue)/\(authorizedRegion)"
    }
}

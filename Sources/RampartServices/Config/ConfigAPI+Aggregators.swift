import Foundation
import RampartCore
import RampartStore

extension ConfigAPI {
    public func putConfigurationAggregator(
        _ input: Config.PutConfigurationAggregatorRequest, _ call: CallContext
    ) async throws -> Config.PutConfigurationAggregatorResponse {
        let (accountSource, organizationSource) = try Self.aggregatorSources(input)
        if input.aggregatorFilters != nil {
            throw ConfigErrors.invalidParameterValue(
                "Rampart aggregates compliance only; AggregatorFilters select recorded resources and are not supported."
            )
        }
        let caller = call.principal.account
        let name = input.configurationAggregatorName
        let (now, region, limit) = (call.now, call.region, aggregatorLimit)
        let partition = partition(of: caller)
        let aggregator: ConfigurationAggregator = try await environment.store.write { tx in
            if let organizationSource {
                let organization = try ConfigOrganizationAccess.administered(
                    by: caller, for: ConfigOrganizationAccess.aggregatorPrincipal, in: tx,
                    outside: ConfigErrors.noOrganization)
                guard organization.featureSet == .all else { throw ConfigErrors.notAllFeatures }
                guard Self.namesRole(organizationSource.roleArn, of: caller, partition: partition, in: tx) else {
                    throw ConfigErrors.error(
                        "InvalidRoleException",
                        "Config could not assume the role \(organizationSource.roleArn): it is not a role of account \(caller.rawValue)."
                    )
                }
                if caller == organization.managementAccount {
                    ConfigOrganizationAccess.trust(
                        ConfigOrganizationAccess.aggregatorPrincipal, organization, in: &tx, at: now)
                }
            }
            let key = ConfigurationAggregator.key(caller, name)
            var aggregator: ConfigurationAggregator
            if let existing = tx.get(ConfigurationAggregator.self, key) {
                aggregator = existing
            } else {
                guard tx.count(ConfigurationAggregator.self, account: caller.rawValue) < limit else {
                    throw ConfigErrors.error(
                        "LimitExceededException",
                        "The configuration aggregator cannot be created because the account already contains \(limit) configuration aggregators. Consider deleting configuration aggregators before you add new ones."
                    )
                }
                aggregator = ConfigurationAggregator(
                    account: caller, region: region, name: name, id: "config-aggregator-" + Self.randomSuffix(8),
                    creationTime: now)
                // Tags are set when the aggregator is made; a later put leaves them (TagResource changes them).
                aggregator.tags = Self.tags(input.tags)
            }
            aggregator.accountSource = accountSource
            aggregator.organizationSource = organizationSource
            aggregator.lastUpdatedTime = now
            tx.put(aggregator)
            return aggregator
        }
        return Config.PutConfigurationAggregatorResponse(configurationAggregator: Self.wire(aggregator, partition))
    }

    public func describeConfigurationAggregators(
        _ input: Config.DescribeConfigurationAggregatorsRequest, _ call: CallContext
    ) async throws -> Config.DescribeConfigurationAggregatorsResponse {
        let caller = call.principal.account
        let all = environment.store.snapshot().all(ConfigurationAggregator.self, account: caller.rawValue)
        let picked = try Self.pick(
            input.configurationAggregatorNames.map { Set($0).sorted() }, from: all, name: \.name,
            missing: ConfigErrors.noSuchAggregator)
        let page = try ConfigPage(picked, limit: input.limit, defaultLimit: 100, token: input.nextToken, key: \.name)
        let partition = partition(of: caller)
        return Config.DescribeConfigurationAggregatorsResponse(
            configurationAggregators: page.items.map { Self.wire($0, partition) }, nextToken: page.nextToken)
    }

    public func deleteConfigurationAggregator(
        _ input: Config.DeleteConfigurationAggregatorRequest, _ call: CallContext
    ) async throws {
        let key = ConfigurationAggregator.key(call.principal.account, input.configurationAggregatorName)
        try await environment.store.write { tx in
            _ = try tx.require(
                ConfigurationAggregator.self, key,
                missing: ConfigErrors.noSuchAggregator(input.configurationAggregatorName))
            tx.delete(ConfigurationAggregator.self, key)
        }
    }

    /// The one source a put names: a list of accounts, or the organization; regions all or listed.
    static func aggregatorSources(
        _ input: Config.PutConfigurationAggregatorRequest
    ) throws(AWSError) -> (ConfigurationAggregator.AccountSource?, ConfigurationAggregator.OrganizationSource?) {
        let accounts = input.accountAggregationSources ?? []
        switch (accounts.first, input.organizationAggregationSource) {
        case (let source?, nil):
            try checkRegions(all: source.allAwsRegions, listed: source.awsRegions)
            var seen = Set<String>()
            let ids = source.accountIds.filter { seen.insert($0).inserted }.compactMap(AccountID.init)
            return (
                ConfigurationAggregator.AccountSource(
                    accountIds: ids, allRegions: source.allAwsRegions ?? false, regions: source.awsRegions), nil
            )
        case (nil, let source?):
            try checkRegions(all: source.allAwsRegions, listed: source.awsRegions)
            guard !source.roleArn.isEmpty else {
                throw ConfigErrors.error("InvalidRoleException", "The role ARN of the organization source is empty.")
            }
            return (
                nil,
                ConfigurationAggregator.OrganizationSource(
                    roleArn: source.roleArn, allRegions: source.allAwsRegions ?? false, regions: source.awsRegions)
            )
        case (nil, nil):
            throw ConfigErrors.invalidParameterValue(
                "Specify either AccountAggregationSources or OrganizationAggregationSource.")
        case (_?, _?):
            throw ConfigErrors.invalidParameterValue(
                "Specify either AccountAggregationSources or OrganizationAggregationSource, not both.")
        }
    }

    static func checkRegions(all: Bool?, listed: [String]?) throws(AWSError) {
        switch (all ?? false, listed?.isEmpty == false) {
        case (true, true):
            throw ConfigErrors.invalidParameterValue("Specify either AllAwsRegions or AwsRegions, not both.")
        case (false, false):
            throw ConfigErrors.invalidParameterValue("Specify AllAwsRegions as true, or the AwsRegions to aggregate.")
        default:
            return
        }
    }

    /// Whether an ARN names an existing role of the account.
    static func namesRole(_ arn: String, of account: AccountID, partition: Partition, in tx: StoreTransaction) -> Bool {
        let prefix = "arn:\(partition.rawValue):iam::\(account.rawValue):role/"
        guard arn.hasPrefix(prefix), let name = arn.dropFirst(prefix.count).split(separator: "/").last else {
            return false
        }
        return tx.get(Role.self, Role.key(account, String(name))) != nil
    }

    static func wire(_ aggregator: ConfigurationAggregator, _ partition: Partition) -> Config.ConfigurationAggregator {
        Config.ConfigurationAggregator(
            configurationAggregatorName: aggregator.name, configurationAggregatorArn: aggregator.arn(in: partition),
            accountAggregationSources: aggregator.accountSource.map {
                [
                    Config.AccountAggregationSource(
                        accountIds: $0.accountIds.map(\.rawValue), allAwsRegions: $0.allRegions,
                        awsRegions: $0.regions)
                ]
            },
            organizationAggregationSource: aggregator.organizationSource.map {
                Config.OrganizationAggregationSource(
                    roleArn: $0.roleArn, awsRegions: $0.regions, allAwsRegions: $0.allRegions)
            },
            creationTime: aggregator.creationTime, lastUpdatedTime: aggregator.lastUpdatedTime)
    }
}

import Foundation
import RampartCore
import RampartStore

extension ConfigAPI {
    public func putAggregationAuthorization(
        _ input: Config.PutAggregationAuthorizationRequest, _ call: CallContext
    ) async throws -> Config.PutAggregationAuthorizationResponse {
        let caller = call.principal.account
        guard let authorized = AccountID(input.authorizedAccountId) else {
            throw ConfigErrors.invalidParameterValue("The AuthorizedAccountId is not a 12-digit account ID.")
        }
        let (now, region) = (call.now, call.region)
        let authorization: AggregationAuthorization = try await environment.store.write { tx in
            let key = AggregationAuthorization.key(caller, authorized, input.authorizedAwsRegion)
            if let existing = tx.get(AggregationAuthorization.self, key) { return existing }
            var made = AggregationAuthorization(
                account: caller, region: region, authorizedAccount: authorized,
                authorizedRegion: input.authorizedAwsRegion, creationTime: now)
            made.tags = Self.tags(input.tags)
            tx.put(made)
            return made
        }
        return Config.PutAggregationAuthorizationResponse(
            aggregationAuthorization: Self.wire(authorization, partition(of: caller)))
    }

    public func describeAggregationAuthorizations(
        _ input: Config.DescribeAggregationAuthorizationsRequest, _ call: CallContext
    ) async throws -> Config.DescribeAggregationAuthorizationsResponse {
        let caller = call.principal.account
        let all = environment.store.snapshot().all(AggregationAuthorization.self, account: caller.rawValue)
            .sorted { $0.recordKey < $1.recordKey }
        let page = try ConfigPage(all, limit: input.limit, defaultLimit: 100, token: input.nextToken, key: \.recordKey)
        let partition = partition(of: caller)
        return Config.DescribeAggregationAuthorizationsResponse(
            aggregationAuthorizations: page.items.map { Self.wire($0, partition) }, nextToken: page.nextToken)
    }

    /// Deleting an authorization that is not there changes nothing and succeeds.
    public func deleteAggregationAuthorization(
        _ input: Config.DeleteAggregationAuthorizationRequest, _ call: CallContext
    ) async throws {
        guard let authorized = AccountID(input.authorizedAccountId) else {
            throw ConfigErrors.invalidParameterValue("The AuthorizedAccountId is not a 12-digit account ID.")
        }
        let key = AggregationAuthorization.key(call.principal.account, authorized, input.authorizedAwsRegion)
        try await environment.store.write { tx in tx.delete(AggregationAuthorization.self, key) }
    }

    static func wire(_ authorization: AggregationAuthorization, _ partition: Partition)
        -> Config.AggregationAuthorization
    {
        Config.AggregationAuthorization(
            aggregationAuthorizationArn: authorization.arn(in: partition),
            authorizedAccountId: authorization.authorizedAccount.rawValue,
            authorizedAwsRegion: authorization.authorizedRegion, creationTime: authorization.creationTime)
    }
}

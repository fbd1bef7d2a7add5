import Foundation
import RampartCore
import RampartStore

extension EventBridgeAPI {
    /// API destinations per account (AWS's default quota).
    static let apiDestinationLimit = 3000

    public func createApiDestination(
        _ input: EventBridge.CreateApiDestinationRequest, _ call: CallContext
    ) async throws -> EventBridge.CreateApiDestinationResponse {
        let account = call.principal.account
        guard HTTPSEndpoint.isAllowed(input.invocationEndpoint) else {
            throw EventBridgeErrors.validation(
                "Invalid InvocationEndpoint \(input.invocationEndpoint): it must use HTTPS (plain HTTP only to a loopback address)."
            )
        }
        guard let connectionName = Self.connectionName(input.connectionArn) else {
            throw EventBridgeErrors.noSuchConnection(input.connectionArn)
        }
        let now = call.now
        let destination = try await environment.store.write { transaction in
            let connection = try transaction.require(
                EventConnection.self, EventConnection.key(account, connectionName),
                missing: EventBridgeErrors.noSuchConnection(connectionName))
            guard transaction.get(APIDestination.self, APIDestination.key(account, input.name)) == nil else {
                throw EventBridgeErrors.error(
                    "ResourceAlreadyExistsException", "An api-destination '\(input.name)' already exists.")
            }
            guard transaction.count(APIDestination.self, account: account.rawValue) < Self.apiDestinationLimit else {
                throw EventBridgeErrors.error(
                    "LimitExceededException", "The requested resource exceeds the maximum number allowed.")
            }
            var destination = APIDestination(
                account: account, name: input.name, id: UUID().uuidString.lowercased(), connectionName: connection.name,
                connectionArn: input.connectionArn, invocationEndpoint: input.invocationEndpoint,
                httpMethod: input.httpMethod,
                invocationRateLimitPerSecond: input.invocationRateLimitPerSecond ?? APIDestination.defaultRateLimit,
                createdAt: now)
            destination.description = input.description
            transaction.put(destination)
            return destination
        }
        return EventBridge.CreateApiDestinationResponse(
            apiDestinationArn: destination.arn(in: partition(of: account), region: call.region),
            apiDestinationState: "ACTIVE", creationTime: now, lastModifiedTime: now)
    }

    /// `arn:…:connection/<name>/<id>` → name.
    static func connectionName(_ arn: String) -> String? {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[2] == "events" else { return nil }
        let path = parts[5].split(separator: "/")
        guard path.count == 3, path[0] == "connection" else { return nil }
        return String(path[1])
    }

    public func describeApiDestination(
        _ input: EventBridge.DescribeApiDestinationRequest, _ call: CallContext
    ) async throws -> EventBridge.DescribeApiDestinationResponse {
        let account = call.principal.account
        guard
            let destination = environment.store.snapshot().get(
                APIDestination.self, APIDestination.key(account, input.name))
        else { throw EventBridgeErrors.noSuchAPIDestination(input.name) }
        return EventBridge.DescribeApiDestinationResponse(
            apiDestinationArn: destination.arn(in: partition(of: account), region: call.region), name: destination.name,
            description: destination.description, apiDestinationState: "ACTIVE",
            connectionArn: destination.connectionArn,
            invocationEndpoint: destination.invocationEndpoint, httpMethod: destination.httpMethod,
            invocationRateLimitPerSecond: destination.invocationRateLimitPerSecond, creationTime: destination.createdAt,
            lastModifiedTime: destination.lastModifiedAt)
    }

    public func deleteApiDestination(
        _ input: EventBridge.DeleteApiDestinationRequest, _ call: CallContext
    ) async throws -> EventBridge.DeleteApiDestinationResponse {
        let account = call.principal.account
        try await environment.store.write { transaction in
            let destination = try transaction.require(
                APIDestination.self, APIDestination.key(account, input.name),
                missing: EventBridgeErrors.noSuchAPIDestination(input.name))
            transaction.delete(APIDestination.self, destination.recordKey)
        }
        return EventBridge.DeleteApiDestinationResponse()
    }

    public func listApiDestinations(
        _ input: EventBridge.ListApiDestinationsRequest, _ call: CallContext
    ) async throws -> EventBridge.ListApiDestinationsResponse {
        let account = call.principal.account
        let partition = partition(of: account)
        let destinations = environment.store.snapshot().all(APIDestination.self, account: account.rawValue)
            .filter {
                $0.name.hasPrefix(input.namePrefix ?? "")
                    && (input.connectionArn == nil || input.connectionArn == $0.connectionArn)
            }
            .sorted { $0.name < $1.name }
        let page = try Self.page(destinations, limit: input.limit, token: input.nextToken, key: \.name)
        return EventBridge.ListApiDestinationsResponse(
            apiDestinations: page.items.map {
                EventBridge.ApiDestination(
                    apiDestinationArn: $0.arn(in: partition, region: call.region), name: $0.name,
                    apiDestinationState: "ACTIVE", connectionArn: $0.connectionArn,
                    invocationEndpoint: $0.invocationEndpoint, httpMethod: $0.httpMethod,
                    invocationRateLimitPerSecond: $0.invocationRateLimitPerSecond, creationTime: $0.createdAt,
                    lastModifiedTime: $0.lastModifiedAt)
            }, nextToken: page.nextToken)
    }
}

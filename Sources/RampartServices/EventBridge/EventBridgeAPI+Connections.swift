import Foundation
import RampartCore
import RampartStore

extension EventBridgeAPI {
    /// Connections per account (AWS's default quota).
    static let connectionLimit = 100

    public func createConnection(
        _ input: EventBridge.CreateConnectionRequest, _ call: CallContext
    ) async throws -> EventBridge.CreateConnectionResponse {
        let account = call.principal.account
        let (authorization, publicPart, secret, oauth) = try Self.credentials(input)
        let id = UUID().uuidString.lowercased()
        let now = call.now
        let sealed = try environment.secrets.seal(
            Array(secret.utf8), boundTo: EventConnection.secretContext(account, input.name, id))
        var connection = EventConnection(
            account: account, name: input.name, id: id, authorization: authorization, publicPart: publicPart,
            sealedSecret: sealed, createdAt: now)
        connection.description = input.description
        connection.oauthEndpoint = oauth?.authorizationEndpoint
        connection.oauthMethod = oauth?.httpMethod
        let stored = connection
        try await environment.store.write { transaction in
            guard transaction.get(EventConnection.self, stored.recordKey) == nil else {
                throw EventBridgeErrors.error(
                    "ResourceAlreadyExistsException", "Connection \(input.name) already exists.")
            }
            guard transaction.count(EventConnection.self, account: account.rawValue) < Self.connectionLimit else {
                throw EventBridgeErrors.error(
                    "LimitExceededException", "The requested resource exceeds the maximum number allowed.")
            }
            transaction.put(stored)
        }
        return EventBridge.CreateConnectionResponse(
            connectionArn: connection.arn(in: partition(of: account), region: call.region),
            connectionState: EventConnection.authorized, creationTime: now, lastModifiedTime: now)
    }

    /// The authorization's kind, its public part and its secret; the parameters of the kind named
    /// must be there, and only those.
    static func credentials(
        _ input: EventBridge.CreateConnectionRequest
    ) throws(AWSError) -> (
        EventConnection.Authorization, String, String, EventBridge.CreateConnectionOAuthRequestParameters?
    ) {
        let parameters = input.authParameters
        let given = [
            parameters.apiKeyAuthParameters != nil, parameters.basicAuthParameters != nil,
            parameters.oAuthParameters != nil,
        ].filter { $0 }.count
        guard given == 1 else {
            throw EventBridgeErrors.validation(
                "Only one of BasicAuthParameters, OAuthParameters or ApiKeyAuthParameters must be specified.")
        }
        switch input.authorizationType {
        case "API_KEY":
            guard let key = parameters.apiKeyAuthParameters else { throw mismatch("API_KEY", "ApiKeyAuthParameters") }
            return (.apiKey, key.apiKeyName, key.apiKeyValue, nil)
        case "BASIC":
            guard let basic = parameters.basicAuthParameters else { throw mismatch("BASIC", "BasicAuthParameters") }
            return (.basic, basic.username, basic.password, nil)
        default:
            guard let oauth = parameters.oAuthParameters else {
                throw mismatch("OAUTH_CLIENT_CREDENTIALS", "OAuthParameters")
            }
            guard HTTPSEndpoint.isAllowed(oauth.authorizationEndpoint) else {
                throw EventBridgeErrors.validation("AuthorizationEndpoint must use HTTPS.")
            }
            return (
                .oauthClientCredentials, oauth.clientParameters.clientID, oauth.clientParameters.clientSecret, oauth
            )
        }
    }

    static func mismatch(_ type: String, _ member: String) -> AWSError {
        EventBridgeErrors.validation("\(member) must be specified for authorization type \(type).")
    }

    public func describeConnection(
        _ input: EventBridge.DescribeConnectionRequest, _ call: CallContext
    ) async throws -> EventBridge.DescribeConnectionResponse {
        let account = call.principal.account
        guard
            let connection = environment.store.snapshot().get(
                EventConnection.self, EventConnection.key(account, input.name))
        else { throw EventBridgeErrors.noSuchConnection(input.name) }
        var auth = EventBridge.ConnectionAuthResponseParameters()
        switch connection.authorization {
        case .apiKey: auth.apiKeyAuthParameters = .init(apiKeyName: connection.publicPart)
        case .basic: auth.basicAuthParameters = .init(username: connection.publicPart)
        case .oauthClientCredentials:
            auth.oAuthParameters = .init(
                clientParameters: .init(clientID: connection.publicPart),
                authorizationEndpoint: connection.oauthEndpoint, httpMethod: connection.oauthMethod)
        }
        return EventBridge.DescribeConnectionResponse(
            connectionArn: connection.arn(in: partition(of: account), region: call.region), name: connection.name,
            description: connection.description, connectionState: EventConnection.authorized,
            authorizationType: connection.authorization.rawValue, authParameters: auth,
            creationTime: connection.createdAt, lastModifiedTime: connection.lastModifiedAt,
            lastAuthorizedTime: connection.createdAt)
    }

    public func deleteConnection(
        _ input: EventBridge.DeleteConnectionRequest, _ call: CallContext
    ) async throws -> EventBridge.DeleteConnectionResponse {
        let account = call.principal.account
        let connection = try await environment.store.write { transaction in
            let connection = try transaction.require(
                EventConnection.self, EventConnection.key(account, input.name),
                missing: EventBridgeErrors.noSuchConnection(input.name))
            transaction.delete(EventConnection.self, connection.recordKey)
            return connection
        }
        return EventBridge.DeleteConnectionResponse(
            connectionArn: connection.arn(in: partition(of: account), region: call.region), connectionState: "DELETING",
            creationTime: connection.createdAt, lastModifiedTime: connection.lastModifiedAt,
            lastAuthorizedTime: connection.createdAt)
    }

    public func listConnections(
        _ input: EventBridge.ListConnectionsRequest, _ call: CallContext
    ) async throws -> EventBridge.ListConnectionsResponse {
        let account = call.principal.account
        let partition = partition(of: account)
        let connections = environment.store.snapshot().all(EventConnection.self, account: account.rawValue)
            .filter {
                $0.name.hasPrefix(input.namePrefix ?? "")
                    && (input.connectionState == nil || input.connectionState == EventConnection.authorized)
            }
            .sorted { $0.name < $1.name }
        let page = try Self.page(connections, limit: input.limit, token: input.nextToken, key: \.name)
        return EventBridge.ListConnectionsResponse(
            connections: page.items.map {
                EventBridge.Connection(
                    connectionArn: $0.arn(in: partition, region: call.region), name: $0.name,
                    connectionState: EventConnection.authorized, authorizationType: $0.authorization.rawValue,
                    creationTime: $0.createdAt, lastModifiedTime: $0.lastModifiedAt, lastAuthorizedTime: $0.createdAt)
            }, nextToken: page.nextToken)
    }
}

extension EventConnection {
    /// Rampart authorizes when it delivers (an OAuth token is fetched then), so a connection is
    /// usable as soon as it exists.
    static let authorized = "AUTHORIZED"

    /// What the sealed secret is bound to: a ciphertext moved to another connection does not open.
    static func secretContext(_ account: AccountID, _ name: String, _ id: String) -> String {
        "events-connection/\(account.rawValue)/\(name)/\(id)"
    }
}

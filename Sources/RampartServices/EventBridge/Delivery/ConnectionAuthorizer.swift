import Foundation
import RampartCore
import RampartStore
import Synchronization

/// Adds a connection's authorization to a request: the API key's header, basic credentials, or an
/// OAuth bearer token fetched from the connection's authorization endpoint with the client
/// credentials grant and kept until it expires (or the endpoint answers 401).
final class ConnectionAuthorizer: Sendable {
    let secrets: SecretBox
    let sender: any EventSender
    /// Per connection id: a token and when to renew it, or the fetch under way, which every send
    /// that needs a token meanwhile waits for (one fetch, however many sends start at once).
    private let tokens = Mutex<[String: TokenState]>([:])

    struct Token: Sendable {
        var value: String
        var renewAt: ContinuousClock.Instant
    }

    enum TokenState: Sendable {
        case ready(Token)
        case fetching(Task<Result<Token, Failure>, Never>)
    }

    init(secrets: SecretBox, sender: any EventSender) {
        self.secrets = secrets
        self.sender = sender
    }

    enum Failure: Error {
        case secretUnreadable
        case tokenRefused(String)
    }

    func authorize(_ request: inout OutgoingRequest, with connection: EventConnection) async throws(Failure) {
        guard
            let opened = try? secrets.open(
                connection.sealedSecret,
                boundTo: EventConnection.secretContext(connection.account, connection.name, connection.id)),
            let secret = String(bytes: opened, encoding: .utf8)
        else { throw .secretUnreadable }
        switch connection.authorization {
        case .apiKey: request.headers[connection.publicPart] = secret
        case .basic: request.headers["Authorization"] = Self.basic(connection.publicPart, secret)
        case .oauthClientCredentials:
            request.headers["Authorization"] = "Bearer \(try await token(for: connection, secret: secret))"
        }
    }

    /// The destination refused the token: the next send fetches a new one.
    func forgetToken(of connection: EventConnection) {
        _ = tokens.withLock { $0.removeValue(forKey: connection.id) }
    }

    static func basic(_ user: String, _ password: String) -> String {
        "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }

    private func token(for connection: EventConnection, secret: String) async throws(Failure) -> String {
        let now = ContinuousClock.now
        let state: TokenState = tokens.withLock { tokens in
            switch tokens[connection.id] {
            case .ready(let token) where token.renewAt > now: return .ready(token)
            case .fetching(let task): return .fetching(task)
            default:
                let task = Task { await self.fetchToken(for: connection, secret: secret) }
                tokens[connection.id] = .fetching(task)
                return .fetching(task)
            }
        }
        switch state {
        case .ready(let token): return token.value
        case .fetching(let task):
            let result = await task.value
            tokens.withLock { tokens in
                guard case .fetching = tokens[connection.id] else { return }
                switch result {
                case .success(let token): tokens[connection.id] = .ready(token)
                case .failure: tokens[connection.id] = nil
                }
            }
            return try result.get().value
        }
    }

    private func fetchToken(for connection: EventConnection, secret: String) async -> Result<Token, Failure> {
        let request = OutgoingRequest(
            method: connection.oauthMethod ?? "POST", url: connection.oauthEndpoint ?? "",
            headers: [
                "Authorization": Self.basic(connection.publicPart, secret),
                "Content-Type": "application/x-www-form-urlencoded",
            ],
            body: Array("grant_type=client_credentials".utf8))
        guard let response = await sender.send(request) else {
            return .failure(.tokenRefused("authorization endpoint unreachable"))
        }
        guard (200..<300).contains(response.status), let text = String(bytes: response.body, encoding: .utf8),
            let body = EventJSON(parsing: text), case .string(let token)? = body["access_token"]
        else {
            return .failure(.tokenRefused("authorization endpoint answered \(response.status) without an access_token"))
        }
        var lifetime = 3600.0
        if case .number(let seconds)? = body["expires_in"] { lifetime = seconds }
        // Renewed a little before it expires, so a send never carries a token about to lapse.
        return .success(Token(value: token, renewAt: ContinuousClock.now + .seconds(max(lifetime - 10, 0))))
    }
}

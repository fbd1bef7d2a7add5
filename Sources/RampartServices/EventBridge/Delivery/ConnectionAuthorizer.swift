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
    private let tokens = Mutex<[String: (token: String, expires: ContinuousClock.Instant)]>([:])

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
        if let cached = tokens.withLock({ $0[connection.id] }), cached.expires > now { return cached.token }
        let request = OutgoingRequest(
            method: connection.oauthMethod ?? "POST", url: connection.oauthEndpoint ?? "",
            headers: [
                "Authorization": Self.basic(connection.publicPart, secret),
                "Content-Type": "application/x-www-form-urlencoded",
            ],
            body: Array("grant_type=client_credentials".utf8))
        guard let response = await sender.send(request) else { throw .tokenRefused("authorization endpoint unreachable") }
        guard (200..<300).contains(response.status), let text = String(bytes: response.body, encoding: .utf8),
            case .string(let token)? = EventJSON(parsing: text)?["access_token"]
        else { throw .tokenRefused("authorization endpoint answered \(response.status) without an access_token") }
        var lifetime = 3600.0
        if case .number(let seconds)? = EventJSON(parsing: text)?["expires_in"] { lifetime = seconds }
        // Renewed a little before it expires, so a send never carries a token about to lapse.
        let expires = now + .seconds(max(lifetime - 10, 0))
        tokens.withLock { $0[connection.id] = (token, expires) }
        return token
    }
}

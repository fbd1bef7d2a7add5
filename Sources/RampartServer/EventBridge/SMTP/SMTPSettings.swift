import Foundation
import RampartServices

/// The mail server email alerts go through, and who gets them (`serve --smtp-url …`).
public struct SMTPSettings: Sendable {
    public enum Security: String, Sendable {
        /// `smtp://`: STARTTLS, and no mail when the server does not offer it.
        case startTLSRequired = "required"
        /// `smtp://`: STARTTLS when the server offers it, else plain text (credentials then only to loopback).
        case startTLSOptional = "optional"
        /// `smtps://`: TLS from the first byte.
        case implicitTLS
    }

    public var host: String
    public var port: Int
    public var security: Security
    /// The envelope sender and the `From:` address.
    public var sender: String
    /// AUTH PLAIN or LOGIN (whichever the server offers, PLAIN first) when set.
    public var username: String?
    public var password: String?
    /// PEM certificates trusted for the server's TLS besides the system's roots.
    public var caFile: String?
    /// SNS topic name → the addresses subscribed to it.
    public var subscriptions: [String: [String]] = [:]
    /// A whole conversation (connect to QUIT) takes at most this long, or counts as no answer.
    public var timeout: Duration = .seconds(30)

    public init(host: String, port: Int, security: Security, sender: String) {
        self.host = host
        self.port = port
        self.security = security
        self.sender = sender
    }

    /// `smtp://host[:port]` (port 25) or `smtps://host[:port]` (port 465); nil for anything else.
    public static func server(fromURL text: String) -> (host: String, port: Int, implicitTLS: Bool)? {
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(),
            scheme == "smtp" || scheme == "smtps", let host = url.host, !host.isEmpty, url.user == nil,
            url.path.isEmpty || url.path == "/", url.query == nil
        else { return nil }
        let implicit = scheme == "smtps"
        let port = url.port ?? (implicit ? 465 : 25)
        guard (1...65535).contains(port) else { return nil }
        return (host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")), port, implicit)
    }

    /// `TOPIC=ADDRESS[,ADDRESS…]`, merged per topic; nil when one is malformed.
    public static func subscriptions(_ entries: [String]) -> [String: [String]]? {
        var result: [String: [String]] = [:]
        for entry in entries {
            let parts = entry.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, EmailOutbox.isTopicName(parts[0]) else { return nil }
            let addresses = parts[1].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard !addresses.isEmpty, addresses.allSatisfy(EmailAddress.isValid) else { return nil }
            for address in addresses where !result[String(parts[0]), default: []].contains(address) {
                result[String(parts[0]), default: []].append(address)
            }
        }
        return result
    }
}

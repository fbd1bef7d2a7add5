/// Hands one message to a mail server; the server implements it over SMTP, tests with a fake.
public protocol MailSender: Sendable {
    func send(_ mail: MailEnvelope) async -> MailOutcome
}

/// What SMTP's `MAIL FROM`, `RCPT TO` and `DATA` carry: the envelope's sender and recipients and
/// the RFC 5322 message (CRLF line ends, not yet dot-stuffed).
public struct MailEnvelope: Sendable, Equatable {
    public var sender: String
    public var recipients: [String]
    public var message: [UInt8]

    public init(sender: String, recipients: [String], message: [UInt8]) {
        self.sender = sender
        self.recipients = recipients
        self.message = message
    }
}

/// A mail server's verdict, as SMTP's reply classes give it: accepted, refused for now (4xx, no
/// connection, a timeout: tried again), or refused for good (5xx, e.g. bad credentials: dead-lettered).
public enum MailOutcome: Sendable, Equatable {
    case sent
    case transient(String)
    case permanent(String)
}

/// Where a topic's email goes when a mail server is configured: the envelope sender and, per SNS
/// topic name, the addresses subscribed to it (Rampart has no SNS, so the operator lists them).
/// A topic nobody is subscribed to still goes to the outbox.
public struct EmailRouting: Sendable {
    public var sender: String
    public var subscriptions: [String: [String]]
    public var mailer: any MailSender

    public init(sender: String, subscriptions: [String: [String]], mailer: any MailSender) {
        self.sender = sender
        self.subscriptions = subscriptions
        self.mailer = mailer
    }
}

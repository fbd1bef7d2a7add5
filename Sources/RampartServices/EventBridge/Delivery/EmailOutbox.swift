import Foundation

/// Email alerts without a mail server: a rule's target that names an SNS topic
/// (`arn:aws:sns:<region>:<account>:<topic>`) gets each event as the email an SNS email
/// subscription would send (`From: AWS Notifications`, `Subject: AWS Notification Message`, the
/// event's JSON as the body), written as one RFC 5322 message per file into
/// `<data>/outbox/<topic>/`, for a mail relay or a person to pick up. Rampart has no SNS topics or
/// subscriptions, so the topic's name is the mailbox and there is no `To:` line.
public struct EmailOutbox: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// The topic of an SNS ARN, nil for any other ARN.
    static func topic(of arn: String) -> String? {
        let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[2] == "sns", !parts[5].isEmpty,
            parts[5].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        else { return nil }
        return String(parts[5])
    }

    func write(topicArn: String, eventId: String, targetId: String, body: String, at date: Date) throws {
        guard let topic = Self.topic(of: topicArn) else { return }
        let folder = URL(fileURLWithPath: path).appendingPathComponent(topic)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let message = [
            "From: AWS Notifications <no-reply@sns.amazonaws.com>",
            "Date: \(Self.rfc5322(date))",
            "Subject: AWS Notification Message",
            "Message-ID: <\(eventId).\(targetId)@rampart.events>",
            "X-Rampart-Topic-Arn: \(topicArn)",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8",
            "",
            body,
            "",
        ].joined(separator: "\r\n")
        let stamp = BusEvent.timestamp(date).filter { $0 != ":" && $0 != "-" }
        try Data(message.utf8).write(
            to: folder.appendingPathComponent("\(stamp)-\(eventId)-\(targetId).eml"), options: .atomic)
    }

    static func rfc5322(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}

import Foundation

/// Email alerts without a mail server (or for a topic nobody is subscribed to): a rule's target that names an SNS topic
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
        // Every part is plain, so the ARN can go into a header line as it is.
        guard parts.count == 6, parts[0] == "arn", parts[2] == "sns", isTopicName(parts[5]),
            [parts[1], parts[3], parts[4]].allSatisfy({ $0.isEmpty || isTopicName($0) })
        else { return nil }
        return String(parts[5])
    }

    /// Letters, digits, `-` and `_` (SNS's topic names; also what the outbox's folder may be named).
    public static func isTopicName(_ name: some StringProtocol) -> Bool {
        !name.isEmpty && name.utf8.count <= 256
            && name.utf8.allSatisfy { byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                    || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
                    || byte == UInt8(ascii: "_")
            }
    }

    func write(_ message: EmailMessage) throws {
        guard let topic = Self.topic(of: message.topicArn) else { return }
        let folder = URL(fileURLWithPath: path).appendingPathComponent(topic)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let stamp = BusEvent.timestamp(message.date).filter { $0 != ":" && $0 != "-" }
        try Data(message.rendered(.eightBit).utf8).write(
            to: folder.appendingPathComponent("\(stamp)-\(message.eventId)-\(message.targetId).eml"), options: .atomic)
    }
}

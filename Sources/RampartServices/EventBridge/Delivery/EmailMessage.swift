import Foundation

/// The email an SNS email subscription sends for an event (`From: AWS Notifications`, `Subject:
/// AWS Notification Message`, the event's JSON as the body), as one RFC 5322 message. The
/// `Message-ID` names the event and the target, so a retried send is recognisably the same message.
struct EmailMessage {
    var from: String
    var to: [String]
    var topicArn: String
    var eventId: String
    var targetId: String
    var body: String
    var date: Date

    enum BodyEncoding {
        /// As written: the outbox's files, read by people and scripts.
        case eightBit
        /// Lines of at most 76 characters, for SMTP.
        case quotedPrintable
    }

    func rendered(_ encoding: BodyEncoding) -> String {
        var headers = ["From: AWS Notifications <\(from)>"]
        if !to.isEmpty { headers.append("To: \(to.joined(separator: ", "))") }
        headers += [
            "Date: \(Self.rfc5322(date))",
            "Subject: AWS Notification Message",
            "Message-ID: <\(eventId).\(targetId)@rampart.events>",
            "X-Rampart-Topic-Arn: \(topicArn)",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8",
        ]
        switch encoding {
        case .eightBit:
            return (headers + ["", body, ""]).joined(separator: "\r\n")
        case .quotedPrintable:
            headers.append("Content-Transfer-Encoding: quoted-printable")
            return (headers + ["", QuotedPrintable.encode(body), ""]).joined(separator: "\r\n")
        }
    }

    static func rfc5322(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}

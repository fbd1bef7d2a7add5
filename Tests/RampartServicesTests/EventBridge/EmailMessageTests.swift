import Foundation
import Testing

@testable import RampartServices

/// The email an event becomes: its headers, its body for SMTP (quoted-printable, short lines), and
/// which addresses and topic ARNs may go into a header at all.
struct EmailMessageTests {
    let message = EmailMessage(
        from: "alerts@example.com", to: ["a@example.com", "b@example.com"],
        topicArn: "arn:aws:sns:us-east-1:123456789012:alerts", eventId: "e-1", targetId: "t-1",
        body: #"{"a":"é=1"}"#, date: Date(timeIntervalSince1970: 1_796_000_000))

    @Test func headers() {
        let text = message.rendered(.quotedPrintable)
        let head = text.components(separatedBy: "\r\n\r\n")[0].components(separatedBy: "\r\n")
        #expect(
            head == [
                "From: AWS Notifications <alerts@example.com>", "To: a@example.com, b@example.com",
                "Date: Mon, 30 Nov 2026 00:53:20 +0000", "Subject: AWS Notification Message",
                "Message-ID: <e-1.t-1@rampart.events>",
                "X-Rampart-Topic-Arn: arn:aws:sns:us-east-1:123456789012:alerts",
                "MIME-Version: 1.0", "Content-Type: text/plain; charset=UTF-8",
                "Content-Transfer-Encoding: quoted-printable",
            ])
        #expect(text.hasSuffix("\r\n\r\n{\"a\":\"=C3=A9=3D1\"}\r\n"))
        #expect(message.rendered(.eightBit).hasSuffix("\r\n\r\n{\"a\":\"é=1\"}\r\n"))
    }

    @Test func quotedPrintableLines() {
        let long = String(repeating: "abcdefghij", count: 50)
        let encoded = QuotedPrintable.encode(long + "\n" + "end \n\tx=\r\ny ")
        let lines = encoded.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 76 })
        // The long line: soft breaks (`=`) but at its own end, which is a hard one.
        #expect(lines.dropLast(4).allSatisfy { $0.hasSuffix("=") } && !lines[lines.count - 4].hasSuffix("="))
        #expect(lines.suffix(3) == ["end=20", "\tx=3D", "y=20"])
        #expect(lines.dropLast(3).map { $0.hasSuffix("=") ? String($0.dropLast()) : $0 }.joined() == long)
        // An escape is never cut by a soft break.
        let escapes = QuotedPrintable.encode(String(repeating: "é", count: 40)).components(separatedBy: "\r\n")
        #expect(escapes.allSatisfy { $0.utf8.count <= 76 && ($0.utf8.count - ($0.hasSuffix("=") ? 1 : 0)) % 3 == 0 })
    }

    @Test func addresses() {
        for good in ["a@example.com", "first.last+tag@sub.example.org"] { #expect(EmailAddress.isValid(good)) }
        for bad in ["", "a", "@x.io", "a@", "a@b@c", "a b@x.io", "<a@x.io>", "a@x.io\r\nBcc: z@y.io", "a@.x", "é@x.io"]
        {
            #expect(!EmailAddress.isValid(bad), "\(bad)")
        }
    }

    @Test func topicArnsThatMayBeHeaders() {
        #expect(EmailOutbox.topic(of: "arn:aws:sns:us-east-1:123456789012:security-alerts") == "security-alerts")
        #expect(EmailOutbox.topic(of: "arn:aws:sns:us-east-1\r\nBcc: x:123456789012:t") == nil)
        #expect(EmailOutbox.topic(of: "arn:aws:sns:us-east-1:123456789012:t.fifo") == nil)
        #expect(EmailOutbox.topic(of: "arn:aws:sqs:us-east-1:123456789012:t") == nil)
    }
}

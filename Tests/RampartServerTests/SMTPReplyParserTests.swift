import Testing

@testable import RampartServer

/// SMTP's replies cut from a byte stream however it arrives, bounded; dot-stuffing; the server URL
/// and the subscriptions of `serve`'s options.
struct SMTPReplyParserTests {
    @Test func singleAndMultiLineRepliesAcrossReads() throws {
        var parser = SMTPReplyParser()
        #expect(
            try parser.feed(Array("220 smtp.test ready\r\n250-smtp.test gr".utf8)) == [
                SMTPReply(code: 220, lines: ["smtp.test ready"])
            ])
        #expect(try parser.feed(Array("eets you\r\n250-AUTH PLAIN LOGIN\r\n250-STARTTLS\r".utf8)) == [])
        let replies = try parser.feed(Array("\n250 8BITMIME\r\n354\r\n".utf8))
        #expect(replies.count == 2)
        #expect(replies[0].code == 250 && replies[0].lines.count == 4)
        #expect(replies[0].extensions["AUTH"] == ["PLAIN", "LOGIN"] && replies[0].extensions["STARTTLS"] == [])
        #expect(replies[1] == SMTPReply(code: 354, lines: [""]))
    }

    @Test(arguments: [
        "hello\r\n", "25\r\n", "199 too low\r\n", "250x no separator\r\n", "250-a\r\n251 other code\r\n",
    ])
    func malformedRepliesAreRefused(_ text: String) {
        var parser = SMTPReplyParser()
        #expect(throws: SMTPReplyParser.Malformed.self) { try parser.feed(Array(text.utf8)) }
    }

    @Test func linesAndRepliesAreBounded() throws {
        var parser = SMTPReplyParser()
        #expect(throws: SMTPReplyParser.Malformed.self) {
            try parser.feed([UInt8](repeating: UInt8(ascii: "2"), count: SMTPReplyParser.lineLimit + 1))
        }
        var endless = SMTPReplyParser()
        let line = Array("250-more\r\n".utf8)
        #expect(throws: SMTPReplyParser.Malformed.self) {
            for _ in 0...SMTPReplyParser.lineCountLimit { _ = try endless.feed(line) }
        }
    }

    @Test func summaryIsPrintableAndShort() {
        let reply = SMTPReply(code: 535, lines: ["5.7.8 bad\u{1b}[31m" + String(repeating: "x", count: 500)])
        #expect(reply.summary.hasPrefix("535 5.7.8 bad[31m") && reply.summary.count == 204)
    }

    @Test func dotStuffingAndTheEnd() {
        #expect(
            String(decoding: SMTPData.stuffed(Array(".a\r\nb\r\n..c\r\n".utf8)), as: UTF8.self)
                == "..a\r\nb\r\n...c\r\n.\r\n")
        #expect(String(decoding: SMTPData.stuffed(Array("no end".utf8)), as: UTF8.self) == "no end\r\n.\r\n")
        #expect(String(decoding: SMTPData.stuffed([]), as: UTF8.self) == "\r\n.\r\n")
    }

    @Test func serverURLs() {
        #expect(SMTPSettings.server(fromURL: "smtp://mail.example.com")! == ("mail.example.com", 25, false))
        #expect(SMTPSettings.server(fromURL: "smtps://mail.example.com")! == ("mail.example.com", 465, true))
        #expect(SMTPSettings.server(fromURL: "SMTP://[::1]:2525")! == ("::1", 2525, false))
        for bad in ["http://x", "smtp://", "smtp://u:p@x", "smtp://x/path", "smtp://x?a=b", "smtp://x:0", "x"] {
            #expect(SMTPSettings.server(fromURL: bad) == nil, "\(bad)")
        }
    }

    @Test func subscriptionsMergePerTopic() {
        #expect(
            SMTPSettings.subscriptions(["alerts=a@x.io, b@x.io", "alerts=a@x.io,c@x.io", "other=d@x.io"]) == [
                "alerts": ["a@x.io", "b@x.io", "c@x.io"], "other": ["d@x.io"],
            ])
        for bad in [
            "alerts", "=a@x.io", "al/erts=a@x.io", "alerts=", "alerts=a@x.io,<b@x.io>", "alerts=a@x.io\r\nX: y",
        ] {
            #expect(SMTPSettings.subscriptions([bad]) == nil, "\(bad)")
        }
    }
}

import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import RampartServices

/// Email alerts over SMTP (RFC 5321): one connection per message — EHLO, STARTTLS (or TLS from the
/// start for `smtps://`), AUTH PLAIN or LOGIN when credentials are configured, MAIL FROM, RCPT TO
/// for each recipient, DATA with the message dot-stuffed, QUIT. 2xx goes on; 4xx, no connection and
/// the deadline are transient (the bus retries); 5xx is final (the bus dead-letters it, with the
/// server's reply as the reason). The password is never part of a reason or a log line.
struct SMTPMailSender: MailSender {
    let settings: SMTPSettings
    let group: any EventLoopGroup
    let tls: NIOSSLContext

    init(settings: SMTPSettings, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) throws {
        self.settings = settings
        self.group = group
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let caFile = settings.caFile {
            configuration.additionalTrustRoots = [.certificates(try NIOSSLCertificate.fromPEMFile(caFile))]
        }
        self.tls = try NIOSSLContext(configuration: configuration)
    }

    /// Why a conversation ended early, as the bus sees it.
    struct Stop: Error {
        var outcome: MailOutcome
    }

    func send(_ mail: MailEnvelope) async -> MailOutcome {
        let loop = group.next()
        let (stream, continuation) = AsyncThrowingStream.makeStream(
            of: SMTPReply.self, throwing: (any Error).self, bufferingPolicy: .bufferingOldest(4))
        let implicitTLS = settings.security == .implicitTLS
        let tls = tls
        let serverHostname = sniName
        let bootstrap = ClientBootstrap(group: loop).connectTimeout(.seconds(settings.timeout.components.seconds))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if implicitTLS {
                        try channel.pipeline.syncOperations.addHandler(
                            NIOSSLClientHandler(context: tls, serverHostname: serverHostname))
                    }
                    try channel.pipeline.syncOperations.addHandler(SMTPReplyHandler(continuation: continuation))
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: settings.host, port: settings.port).get()
        } catch {
            return .transient("cannot connect to the mail server \(address): \(error)")
        }
        let deadline = loop.scheduleTask(in: .seconds(settings.timeout.components.seconds)) {
            channel.close(promise: nil)
        }
        defer { deadline.cancel() }
        var connection = SMTPConnection(channel: channel, replies: stream.makeAsyncIterator())
        let outcome: MailOutcome
        do {
            try await converse(&connection, mail)
            outcome = .sent
        } catch let stop as Stop {
            outcome = stop.outcome
        } catch {
            outcome = .transient("the mail server \(address) failed: \(error)")
        }
        try? await channel.close()
        return outcome
    }

    var address: String { "\(settings.host):\(settings.port)" }

    /// The name TLS checks the certificate against; none for an IP address.
    var sniName: String? {
        settings.host.contains(":") || settings.host.allSatisfy({ $0.isNumber || $0 == "." }) ? nil : settings.host
    }

    func converse(_ connection: inout SMTPConnection, _ mail: MailEnvelope) async throws {
        try await expect(&connection, 220, "the greeting")
        let hello = "EHLO \(Self.helloName(connection.channel.localAddress))"
        try await connection.command(hello)
        var extensions = try await expect(&connection, 250, "EHLO").extensions
        var encrypted = settings.security == .implicitTLS
        if !encrypted && settings.security != .implicitTLS {
            if extensions["STARTTLS"] != nil {
                try await connection.command("STARTTLS")
                try await expect(&connection, 220, "STARTTLS")
                try await connection.startTLS(tls, serverHostname: sniName)
                encrypted = true
                try await connection.command(hello)
                extensions = try await expect(&connection, 250, "EHLO after STARTTLS").extensions
            } else if settings.security == .startTLSRequired {
                throw Stop(outcome: .permanent("the mail server \(address) does not offer STARTTLS, which is required"))
            }
        }
        if let username = settings.username, let password = settings.password {
            // Credentials travel in clear only to this machine.
            guard encrypted || HTTPSEndpoint.isLoopback(settings.host) else {
                throw Stop(outcome: .permanent("credentials are not sent to \(address) without TLS"))
            }
            try await authenticate(&connection, username, password, offered: extensions["AUTH"] ?? [])
        }
        try await connection.command("MAIL FROM:<\(mail.sender)>")
        try await expect(&connection, 250, "MAIL FROM")
        for recipient in mail.recipients {
            try await connection.command("RCPT TO:<\(recipient)>")
            try await expect(&connection, 250...251, "RCPT TO <\(recipient)>")
        }
        try await connection.command("DATA")
        try await expect(&connection, 354, "DATA")
        try await connection.write(SMTPData.stuffed(mail.message))
        try await expect(&connection, 250, "the message")
        // The message is accepted; QUIT is a courtesy whose answer changes nothing.
        try? await connection.command("QUIT")
        _ = try? await connection.reply()
    }

    func authenticate(
        _ connection: inout SMTPConnection, _ username: String, _ password: String, offered: [String]
    ) async throws {
        if offered.contains("PLAIN") {
            let token = Data(([0] + Array(username.utf8) + [0] + Array(password.utf8))).base64EncodedString()
            try await connection.command("AUTH PLAIN \(token)")
            try await expect(&connection, 235, "AUTH PLAIN")
        } else if offered.contains("LOGIN") {
            try await connection.command("AUTH LOGIN")
            try await expect(&connection, 334, "AUTH LOGIN")
            try await connection.command(Data(username.utf8).base64EncodedString())
            try await expect(&connection, 334, "AUTH LOGIN's user name")
            try await connection.command(Data(password.utf8).base64EncodedString())
            try await expect(&connection, 235, "AUTH LOGIN")
        } else {
            throw Stop(outcome: .permanent("the mail server \(address) offers neither AUTH PLAIN nor AUTH LOGIN"))
        }
    }

    @discardableResult
    func expect(_ connection: inout SMTPConnection, _ code: Int, _ step: String) async throws -> SMTPReply {
        try await expect(&connection, code...code, step)
    }

    /// The next reply if its code is one of `codes`; otherwise the conversation stops, transiently
    /// for 4xx and a closed connection, for good for anything else.
    @discardableResult
    func expect(
        _ connection: inout SMTPConnection, _ codes: ClosedRange<Int>, _ step: String
    ) async throws -> SMTPReply {
        guard let reply = try await connection.reply() else {
            throw Stop(outcome: .transient("the mail server \(address) closed the connection at \(step)"))
        }
        guard codes.contains(reply.code) else {
            let why = "the mail server \(address) refused \(step): \(reply.summary)"
            throw Stop(outcome: (400..<500).contains(reply.code) ? .transient(why) : .permanent(why))
        }
        return reply
    }

    /// EHLO's argument: this side's address as an address literal (RFC 5321 §4.1.3), as the host
    /// name may not resolve.
    static func helloName(_ address: SocketAddress?) -> String {
        guard let ip = address?.ipAddress else { return "[127.0.0.1]" }
        return ip.contains(":") ? "[IPv6:\(ip)]" : "[\(ip)]"
    }
}

/// DATA's body: a line that starts with `.` gets another one (RFC 5321 §4.5.2), and the message
/// ends with CRLF `.` CRLF. One pass.
enum SMTPData {
    static func stuffed(_ message: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(message.count + 8)
        var atLineStart = true
        for byte in message {
            if atLineStart && byte == UInt8(ascii: ".") { out.append(byte) }
            out.append(byte)
            atLineStart = byte == 10
        }
        if !(out.count >= 2 && out[out.count - 2] == 13 && out[out.count - 1] == 10) { out += [13, 10] }
        out += Array(".\r\n".utf8)
        return out
    }
}

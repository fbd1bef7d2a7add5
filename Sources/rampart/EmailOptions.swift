import ArgumentParser
import Foundation
import RampartServer
import RampartServices

/// How `serve` sends email alerts: through a mail server when `--smtp-url` is given, to the topic's
/// subscribers; otherwise (and for topics nobody subscribed to) into the data folder's outbox.
struct EmailOptions: ParsableArguments {
    @Option(
        name: .long, help: "The mail server for email alerts: smtp://HOST[:PORT] (STARTTLS) or smtps://HOST[:PORT].")
    var smtpUrl: String?

    @Option(
        name: .long, help: "smtp:// only: required (the default; no mail without it) or optional (used when offered).")
    var smtpStarttls = SMTPSettings.Security.startTLSRequired.rawValue

    @Option(name: .long, help: "The sender address of email alerts (needed with --smtp-url).")
    var smtpFrom: String?

    @Option(name: .long, help: "The user name for SMTP AUTH (PLAIN or LOGIN).")
    var smtpUsername: String?

    @Option(name: .long, help: "A file holding the SMTP AUTH password (or set RAMPART_SMTP_PASSWORD).")
    var smtpPasswordFile: String?

    @Option(
        name: .long, help: "The SMTP AUTH password; better given as RAMPART_SMTP_PASSWORD than on the command line.")
    var smtpPassword: String?

    @Option(
        name: .long, help: "PEM file of CA certificates trusted for the mail server's TLS, besides the system's roots.")
    var smtpCaFile: String?

    @Option(
        name: .long,
        help: "TOPIC=ADDRESS[,ADDRESS…]: mail events sent to SNS topic TOPIC to these addresses (repeatable).")
    var emailSubscription: [String] = []

    func validate() throws {
        guard let smtpUrl else {
            let given = [
                smtpFrom.map { _ in "--smtp-from" }, smtpUsername.map { _ in "--smtp-username" },
                smtpPassword.map { _ in "--smtp-password" }, smtpPasswordFile.map { _ in "--smtp-password-file" },
                smtpCaFile.map { _ in "--smtp-ca-file" }, emailSubscription.isEmpty ? nil : "--email-subscription",
            ].compactMap { $0 }
            if let first = given.first { throw ValidationError("\(first) needs --smtp-url.") }
            return
        }
        guard SMTPSettings.server(fromURL: smtpUrl) != nil else {
            throw ValidationError("--smtp-url must be smtp://HOST[:PORT] or smtps://HOST[:PORT].")
        }
        guard ["required", "optional"].contains(smtpStarttls) else {
            throw ValidationError("--smtp-starttls is required or optional.")
        }
        guard let smtpFrom else { throw ValidationError("--smtp-url needs --smtp-from, the sender address.") }
        guard EmailAddress.isValid(smtpFrom) else { throw ValidationError("--smtp-from is not an email address.") }
        if smtpPassword != nil && smtpPasswordFile != nil {
            throw ValidationError("--smtp-password and --smtp-password-file cannot both be given.")
        }
        if (smtpUsername == nil) != (smtpPassword == nil && smtpPasswordFile == nil) {
            throw ValidationError(
                "--smtp-username and a password (--smtp-password-file, RAMPART_SMTP_PASSWORD) go together.")
        }
        guard SMTPSettings.subscriptions(emailSubscription) != nil else {
            throw ValidationError(
                "--email-subscription is TOPIC=ADDRESS[,ADDRESS…]: a topic name (letters, digits, - and _) and email addresses."
            )
        }
    }

    /// nil without `--smtp-url`; reads the password file.
    func settings() throws -> SMTPSettings? {
        guard let smtpUrl, let server = SMTPSettings.server(fromURL: smtpUrl), let smtpFrom else { return nil }
        var settings = SMTPSettings(
            host: server.host, port: server.port,
            security: server.implicitTLS
                ? .implicitTLS : SMTPSettings.Security(rawValue: smtpStarttls) ?? .startTLSRequired,
            sender: smtpFrom)
        settings.username = smtpUsername
        if let smtpPasswordFile {
            do {
                let text = try String(contentsOfFile: smtpPasswordFile, encoding: .utf8)
                settings.password = String(text.trimmingSuffix { $0 == "\n" || $0 == "\r" })
            } catch {
                throw ValidationError("--smtp-password-file \(smtpPasswordFile) cannot be read.")
            }
        } else {
            settings.password = smtpPassword
        }
        settings.caFile = smtpCaFile
        settings.subscriptions = SMTPSettings.subscriptions(emailSubscription) ?? [:]
        return settings
    }
}

extension StringProtocol {
    fileprivate func trimmingSuffix(while drop: (Character) -> Bool) -> SubSequence {
        var end = endIndex
        while end > startIndex, drop(self[index(before: end)]) { end = index(before: end) }
        return self[startIndex..<end]
    }
}

import ArgumentParser
import Foundation

/// `rampart admin mandate …`: the root-user MFA mandate, over the admin API.
struct MandateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mandate",
        abstract: "Plan, rehearse and follow the root-user MFA mandate.",
        subcommands: [
            MandateShow.self, MandateConfigure.self, MandatePlan.self, MandateCancel.self, MandatePause.self,
            MandateResume.self, MandateSkipWave.self, MandateMove.self, MandateExempt.self, MandateUnexempt.self,
            MandateReportCommand.self,
        ])
}

/// Calls one mandate operation and prints the mandate it answers with, as JSON.
private func callAndShow(_ connection: AdminConnection, _ operation: String, _ body: [String: Any]) async throws {
    let reply = try await connection.client().call(operation, body)
    let data = try JSONSerialization.data(withJSONObject: reply, options: [.prettyPrinted, .sortedKeys])
    Output.line(String(decoding: data, as: UTF8.self))
}

struct MandateShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print the mandate and its rollout.")
    @OptionGroup var connection: AdminConnection
    func run() async throws { try await callAndShow(connection, "GetMandate", [:]) }
}

struct MandateConfigure: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "configure", abstract: "Set the kinds in scope, the grace period and the allowed devices.")
    @OptionGroup var connection: AdminConnection
    @Option(name: .long, help: "Comma-separated kinds in scope: MANAGEMENT,STANDALONE,MEMBER.")
    var kinds: String?
    @Option(name: .long, help: "Days a root user may skip setting up MFA after the first prompt.")
    var graceDays: Int?
    @Option(name: .long, help: "ANY or PHISHING_RESISTANT (security keys and passkeys only).")
    var devices: String?
    func run() async throws {
        var body: [String: Any] = [:]
        if let kinds { body["Kinds"] = kinds.split(separator: ",").map(String.init) }
        if let graceDays { body["GracePeriodDays"] = graceDays }
        if let devices { body["Devices"] = devices }
        try await callAndShow(connection, "UpdateMandate", body)
    }
}

struct MandatePlan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Plan a staged rollout: phases of account kinds from a date, in waves.",
        discussion:
            "Example: --phase MANAGEMENT@2027-01-04 --phase STANDALONE@2027-03-01 --wave-size 2000 --wave-interval-days 7"
    )
    @OptionGroup var connection: AdminConnection
    @Option(
        name: .long, help: "KINDS@DATE, e.g. MANAGEMENT@2027-01-04 or MANAGEMENT,STANDALONE@2027-01-04 (repeatable).")
    var phase: [String]
    @Option(name: .long, help: "At most this many accounts per wave.")
    var waveSize: Int
    @Option(name: .long, help: "Days between the starts of consecutive waves.")
    var waveIntervalDays: Int
    @Flag(name: .long, help: "Report only: prompt and block no one, record what would happen.")
    var dryRun = false
    @Option(name: .long, help: "Waves to rehearse in report-only mode while the others enforce (repeatable).")
    var dryRunWave: [Int] = []
    func run() async throws {
        let phases = try phase.map { text -> [String: Any] in
            let parts = text.split(separator: "@", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw ValidationError("--phase is KINDS@DATE, not \(text)") }
            return ["Kinds": parts[0].split(separator: ",").map(String.init), "Start": parts[1]]
        }
        try await callAndShow(
            connection, "PlanMandateRollout",
            [
                "Phases": phases, "WaveSize": waveSize, "WaveIntervalDays": waveIntervalDays, "DryRun": dryRun,
                "DryRunWaves": dryRunWave,
            ])
    }
}

struct MandateCancel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Drop the rollout plan.")
    @OptionGroup var connection: AdminConnection
    func run() async throws { try await callAndShow(connection, "CancelMandateRollout", [:]) }
}

struct MandatePause: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pause", abstract: "Start no further wave.")
    @OptionGroup var connection: AdminConnection
    func run() async throws { try await callAndShow(connection, "PauseMandateRollout", [:]) }
}

struct MandateResume: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume", abstract: "Resume: waves not yet started move later by the pause's length.")
    @OptionGroup var connection: AdminConnection
    func run() async throws { try await callAndShow(connection, "ResumeMandateRollout", [:]) }
}

struct MandateSkipWave: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "skip-wave", abstract: "Move a wave that has not started to the end of its phase.")
    @OptionGroup var connection: AdminConnection
    @Option(name: .long) var wave: Int
    func run() async throws { try await callAndShow(connection, "SkipMandateWave", ["Wave": wave]) }
}

struct MandateMove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "move", abstract: "Put an account into a wave.")
    @OptionGroup var connection: AdminConnection
    @Option(name: .long) var accountId: String
    @Option(name: .long) var wave: Int
    func run() async throws {
        try await callAndShow(connection, "MoveAccountToMandateWave", ["AccountId": accountId, "Wave": wave])
    }
}

struct MandateExempt: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exempt", abstract: "Exempt an account, with a reason and optionally an expiry.")
    @OptionGroup var connection: AdminConnection
    @Option(name: .long) var accountId: String
    @Option(name: .long) var reason: String
    @Option(name: .long, help: "ISO 8601 date the exemption ends.") var expires: String?
    func run() async throws {
        var body: [String: Any] = ["AccountId": accountId, "Reason": reason]
        if let expires { body["Expires"] = expires }
        try await callAndShow(connection, "ExemptAccountFromMandate", body)
    }
}

struct MandateUnexempt: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unexempt", abstract: "Remove an exemption.")
    @OptionGroup var connection: AdminConnection
    @Option(name: .long) var accountId: String
    func run() async throws { try await callAndShow(connection, "RemoveMandateExemption", ["AccountId": accountId]) }
}

struct MandateReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Who would be blocked, and when: every account's root user on a date.")
    @OptionGroup var connection: AdminConnection
    @Option(name: .long, help: "The date to report for (default: now).") var date: String?
    @Option(name: .long, help: "table, csv or json.") var format = "table"

    static let columns = [
        "AccountId", "Name", "Kind", "Partition", "Wave", "WaveStart", "HasRootCredentials", "Devices",
        "PhishingResistantDevices", "Status", "DaysLeft", "BlockDate", "DryRun", "Reason",
    ]

    func run() async throws {
        guard ["table", "csv", "json"].contains(format) else { throw ValidationError("--format is table, csv or json") }
        var body: [String: Any] = [:]
        if let date { body["Date"] = date }
        let reply = try await connection.client().call("GetMandateReport", body)
        if format == "json" {
            let data = try JSONSerialization.data(withJSONObject: reply, options: [.prettyPrinted, .sortedKeys])
            Output.line(String(decoding: data, as: UTF8.self))
            return
        }
        // JSON booleans and numbers look alike once parsed; the columns say which is which.
        let flags: Set<String> = ["HasRootCredentials", "DryRun"]
        let rows = (reply["Accounts"] as? [[String: Any]] ?? []).map { row in
            Self.columns.map { column in
                flags.contains(column) ? ((row[column] as? Bool) == true ? "yes" : "no") : Self.cell(row[column])
            }
        }
        if format == "csv" {
            Output.line(
                ([Self.columns] + rows).map { $0.map(Self.csvField).joined(separator: ",") }.joined(separator: "\n"))
            return
        }
        let counts = (reply["Counts"] as? [String: Int] ?? [:]).sorted { $0.key < $1.key }
        Output.line("Mandate report for \(reply["Date"] as? String ?? "now")")
        Output.line("  " + counts.map { "\($0.key) \($0.value)" }.joined(separator: " · "))
        for wave in reply["Waves"] as? [[String: Any]] ?? [] {
            let waveCounts = (wave["Counts"] as? [String: Int] ?? [:]).sorted { $0.key < $1.key }
            Output.line(
                "  wave \(Self.cell(wave["Wave"])) from \(Self.cell(wave["Start"])): "
                    + waveCounts.map { "\($0.key) \($0.value)" }.joined(separator: " · "))
        }
        Output.line("")
        let table = [Self.columns] + rows
        let widths = Self.columns.indices.map { column in table.map { $0[column].count }.max() ?? 0 }
        for row in table {
            Output.line(
                row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                    .joined(separator: "  "))
        }
    }

    static func cell(_ value: Any?) -> String {
        switch value {
        case nil, is NSNull: return "-"
        case let devices as [String: Int]:
            return devices.isEmpty
                ? "none"
                : devices.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                    .joined(separator: ";")
        case let number as NSNumber: return number.stringValue
        default: return "\(value!)"
        }
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

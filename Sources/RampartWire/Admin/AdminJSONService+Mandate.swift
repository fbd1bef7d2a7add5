import Foundation
import RampartCore
import RampartServices

/// The mandate's operations on the admin API: `GetMandate`, `UpdateMandate`, `PlanMandateRollout`,
/// `CancelMandateRollout`, `PauseMandateRollout`, `ResumeMandateRollout`, `SkipMandateWave`,
/// `MoveAccountToMandateWave`, `ExemptAccountFromMandate`, `RemoveMandateExemption`,
/// `GetMandateReport`. Dates are ISO 8601 strings both ways.
extension AdminJSONService {
    static let mandateOperations: Set<String> = [
        "GetMandate", "UpdateMandate", "PlanMandateRollout", "CancelMandateRollout", "PauseMandateRollout",
        "ResumeMandateRollout", "SkipMandateWave", "MoveAccountToMandateWave", "ExemptAccountFromMandate",
        "RemoveMandateExemption", "GetMandateReport",
    ]

    func handleMandate(_ operation: String, _ body: [UInt8], _ call: CallContext) async throws -> [UInt8] {
        let service = mandate
        let updated: MandateConfiguration
        switch operation {
        case "GetMandate":
            updated = service.configuration()
        case "UpdateMandate":
            let input = try Self.decode(UpdateInput.self, body)
            updated = try await service.configure(
                kinds: try input.Kinds.map(Self.kinds), gracePeriodDays: input.GracePeriodDays,
                devices: try input.Devices.map(Self.devices), call)
        case "PlanMandateRollout":
            let input = try Self.decode(PlanInput.self, body)
            let phases = try input.Phases.map { phase throws(AWSError) in
                Rollout.Phase(kinds: try Self.kinds(phase.Kinds), start: try Self.date(phase.Start, "Start"))
            }
            updated = try await service.plan(
                phases: phases, waveSize: input.WaveSize, waveIntervalDays: input.WaveIntervalDays,
                dryRun: input.DryRun ?? false, dryRunWaves: Set(input.DryRunWaves ?? []), call)
        case "CancelMandateRollout":
            updated = try await service.cancelRollout(call)
        case "PauseMandateRollout":
            updated = try await service.pause(call)
        case "ResumeMandateRollout":
            updated = try await service.resume(call)
        case "SkipMandateWave":
            updated = try await service.skipWave(try Self.decode(WaveInput.self, body).Wave, call)
        case "MoveAccountToMandateWave":
            let input = try Self.decode(MoveInput.self, body)
            updated = try await service.move(try Self.account(input.AccountId), toWave: input.Wave, call)
        case "ExemptAccountFromMandate":
            let input = try Self.decode(ExemptInput.self, body)
            updated = try await service.exempt(
                try Self.account(input.AccountId), reason: input.Reason,
                expires: try input.Expires.map { text throws(AWSError) in try Self.date(text, "Expires") }, call)
        case "RemoveMandateExemption":
            updated = try await service.removeExemption(
                try Self.account(Self.decode(AccountInput.self, body).AccountId), call)
        case "GetMandateReport":
            let input = try Self.decode(ReportInput.self, body)
            let date = try input.Date.map { text throws(AWSError) in try Self.date(text, "Date") }
            return try Self.encode(MandateReportOutput(try service.report(at: date, call)))
        default:
            throw AWSError(code: "UnknownOperationException", message: "", httpStatus: 400)
        }
        return try Self.encode(["Mandate": MandateOutput(updated)])
    }

    // MARK: - Inputs

    struct UpdateInput: Decodable {
        var Kinds: [String]?
        var GracePeriodDays: Int?
        var Devices: String?
    }
    struct PlanInput: Decodable {
        struct Phase: Decodable {
            var Kinds: [String]
            var Start: String
        }
        var Phases: [Phase]
        var WaveSize: Int
        var WaveIntervalDays: Int
        var DryRun: Bool?
        var DryRunWaves: [Int]?
    }
    struct WaveInput: Decodable { var Wave: Int }
    struct MoveInput: Decodable {
        var AccountId: String
        var Wave: Int
    }
    struct ExemptInput: Decodable {
        var AccountId: String
        var Reason: String
        var Expires: String?
    }
    struct AccountInput: Decodable { var AccountId: String }
    struct ReportInput: Decodable { var Date: String? }

    static func kinds(_ names: [String]) throws(AWSError) -> Set<AccountKind> {
        var kinds = Set<AccountKind>()
        for name in names {
            guard let kind = AccountKind(rawValue: name.uppercased()) else {
                throw AWSError.invalidInput("\(name) is not an account kind (MANAGEMENT, MEMBER, STANDALONE).")
            }
            kinds.insert(kind)
        }
        return kinds
    }

    static func devices(_ name: String) throws(AWSError) -> MandateConfiguration.Devices {
        guard let devices = MandateConfiguration.Devices(rawValue: name.uppercased()) else {
            throw AWSError.invalidInput("Devices is ANY or PHISHING_RESISTANT, not \(name).")
        }
        return devices
    }

    static func account(_ text: String) throws(AWSError) -> AccountID {
        guard let id = AccountID(text) else { throw AWSError.invalidInput("\(text) is not a 12-digit account id.") }
        return id
    }

    /// `2027-01-15`, `2027-01-15T09:00:00Z`, or with fractional seconds.
    static func date(_ text: String, _ name: String) throws(AWSError) -> Date {
        let full = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        guard let date = full.date(from: text) ?? fractional.date(from: text) ?? day.date(from: text) else {
            throw AWSError.invalidInput("\(name) \(text) is not an ISO 8601 date (2027-01-15 or 2027-01-15T09:00:00Z).")
        }
        return date
    }

    // MARK: - Outputs

    struct MandateOutput: Encodable {
        struct Exemption: Encodable {
            var AccountId: String
            var Reason: String
            var Expires: String?
        }
        struct Phase: Encodable {
            var Kinds: [String]
            var Start: String
        }
        struct RolloutOutput: Encodable {
            var Phases: [Phase]
            var WaveSize: Int
            var WaveIntervalDays: Int
            var Waves: Int
            var DryRun: Bool
            var DryRunWaves: [Int]
            var PlannedAt: String
            var PausedAt: String?
        }
        var Kinds: [String]
        var GracePeriodDays: Int
        var Devices: String
        var Exemptions: [Exemption]
        var Rollout: RolloutOutput?

        init(_ configuration: MandateConfiguration) {
            Kinds = configuration.kinds.sorted().map(\.rawValue)
            GracePeriodDays = configuration.gracePeriodDays
            Devices = configuration.devices.rawValue
            Exemptions = configuration.exemptions.map {
                Exemption(AccountId: $0.account.rawValue, Reason: $0.reason, Expires: $0.expires.map(Timestamp.iso8601))
            }
            Rollout = configuration.rollout.map { rollout in
                RolloutOutput(
                    Phases: rollout.phases.map {
                        Phase(Kinds: $0.kinds.sorted().map(\.rawValue), Start: Timestamp.iso8601($0.start))
                    },
                    WaveSize: rollout.waveSize, WaveIntervalDays: rollout.waveIntervalDays, Waves: rollout.waves.count,
                    DryRun: rollout.dryRun, DryRunWaves: rollout.dryRunWaves.sorted(),
                    PlannedAt: Timestamp.iso8601(rollout.plannedAt), PausedAt: rollout.pausedAt.map(Timestamp.iso8601))
            }
        }
    }

    struct MandateReportOutput: Encodable {
        struct Row: Encodable {
            var AccountId: String
            var Name: String
            var Email: String
            var Kind: String
            var Partition: String
            var HasRootCredentials: Bool
            var Devices: [String: Int]
            var PhishingResistantDevices: Int
            var Wave: Int?
            var WaveStart: String?
            var Status: String
            var Reason: String?
            var DaysLeft: Int?
            var BlockDate: String?
            var DryRun: Bool
        }
        struct Wave: Encodable {
            var Wave: Int
            var Start: String?
            var Counts: [String: Int]
        }
        var Date: String
        var Counts: [String: Int]
        var Waves: [Wave]
        var Accounts: [Row]

        init(_ report: MandateReport) {
            Date = Timestamp.iso8601(report.date)
            Counts = Dictionary(uniqueKeysWithValues: report.counts.map { ($0.key.rawValue, $0.value) })
            Waves = report.waves.keys.sorted().map { wave in
                let entry = report.waves[wave]!
                return Wave(
                    Wave: wave, Start: entry.start.map(Timestamp.iso8601),
                    Counts: Dictionary(uniqueKeysWithValues: entry.counts.map { ($0.key.rawValue, $0.value) }))
            }
            Accounts = report.rows.map { row in
                let assessment = row.assessment
                return Row(
                    AccountId: row.accountId, Name: row.name, Email: row.email, Kind: row.kind.rawValue,
                    Partition: row.partition, HasRootCredentials: row.hasRootCredentials, Devices: row.devices,
                    PhishingResistantDevices: row.phishingResistantDevices, Wave: assessment.wave,
                    WaveStart: assessment.waveStart.map(Timestamp.iso8601), Status: assessment.status.rawValue,
                    Reason: assessment.reason, DaysLeft: assessment.daysLeft,
                    BlockDate: assessment.blockDate.map(Timestamp.iso8601), DryRun: assessment.dryRun)
            }
        }
    }
}

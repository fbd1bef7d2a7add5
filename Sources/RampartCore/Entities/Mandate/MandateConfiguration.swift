import Foundation

/// The operator's root-user MFA mandate: which account kinds must have MFA on their root user at
/// console sign-in, with what grace and which devices, which accounts are exempt, and the staged
/// rollout that brings accounts in wave by wave. One per server.
public struct MandateConfiguration: Codable, Sendable, Equatable {
    public enum Devices: String, Codable, Sendable {
        /// Any MFA device: authenticator apps, hardware TOTP, security keys and passkeys.
        case any = "ANY"
        /// Only security keys and passkeys (WebAuthn): codes can be phished, signatures bound to the origin cannot.
        case phishingResistant = "PHISHING_RESISTANT"
    }

    /// Kinds in scope; AWS's programme: management accounts, then standalone ones. Members are out
    /// (their roots are governed centrally) unless the operator adds them.
    public var kinds: Set<AccountKind>
    public var gracePeriodDays: Int
    public var devices: Devices
    public var exemptions: [MandateExemption]
    /// Nil: every in-scope account is subject at once (one wave that has always started).
    public var rollout: Rollout?

    public init(
        kinds: Set<AccountKind> = [.management, .standalone], gracePeriodDays: Int = 35, devices: Devices = .any,
        exemptions: [MandateExemption] = [], rollout: Rollout? = nil
    ) {
        self.kinds = kinds
        self.gracePeriodDays = gracePeriodDays
        self.devices = devices
        self.exemptions = exemptions
        self.rollout = rollout
    }

    /// The record's key: there is one configuration.
    public static let key = "mandate"
}

/// One account taken out of the mandate, why, and until when.
public struct MandateExemption: Codable, Sendable, Equatable {
    public var account: AccountID
    public var reason: String
    /// Nil: until removed.
    public var expires: Date?
    public var createdAt: Date

    public init(account: AccountID, reason: String, expires: Date?, createdAt: Date) {
        self.account = account
        self.reason = reason
        self.expires = expires
        self.createdAt = createdAt
    }

    public func applies(at now: Date) -> Bool { expires.map { now < $0 } ?? true }
}

/// A staged rollout: phases bring account kinds in from a date, each in waves of at most `waveSize`
/// accounts, one wave every `waveIntervalDays`. Accounts are assigned when the plan is made (in
/// creation order, so the oldest accounts go first); an account that appears later joins the first
/// wave of its phase that has not started and has room, or a new wave after the last.
public struct Rollout: Codable, Sendable, Equatable {
    public struct Phase: Codable, Sendable, Equatable {
        public var kinds: Set<AccountKind>
        public var start: Date
        public init(kinds: Set<AccountKind>, start: Date) {
            self.kinds = kinds
            self.start = start
        }
    }

    public var phases: [Phase]
    public var waveSize: Int
    public var waveIntervalDays: Int
    /// Report-only: nobody is prompted or blocked; what would have happened is recorded.
    public var dryRun: Bool
    /// Waves (by number, from 1) rehearsed in report-only mode while the others enforce.
    public var dryRunWaves: Set<Int>
    public var plannedAt: Date
    /// Account → wave number, fixed when the plan was made, or set by the operator.
    public var assignments: [String: Int]
    /// The waves, numbered from 1 by their position: which phase each belongs to and its place in
    /// that phase's sequence (its start is the phase's start plus that many intervals). Skipping a
    /// wave moves it to the end of its phase's sequence.
    public var waves: [Wave]
    /// While paused no wave starts; on resume, waves not yet started move later by the pause's length.
    public var pausedAt: Date?
    /// Total length of earlier pauses, and from when each applies (waves nominally starting after it).
    public var pauses: [Pause]

    public struct Wave: Codable, Sendable, Equatable {
        public var phase: Int
        public var slot: Int
        public init(phase: Int, slot: Int) {
            self.phase = phase
            self.slot = slot
        }
    }

    public struct Pause: Codable, Sendable, Equatable {
        public var from: Date
        public var seconds: Double
        public init(from: Date, seconds: Double) {
            self.from = from
            self.seconds = seconds
        }
    }

    public init(phases: [Phase], waveSize: Int, waveIntervalDays: Int, dryRun: Bool, plannedAt: Date) {
        self.phases = phases
        self.waveSize = waveSize
        self.waveIntervalDays = waveIntervalDays
        self.dryRun = dryRun
        self.dryRunWaves = []
        self.plannedAt = plannedAt
        self.assignments = [:]
        self.waves = []
        self.pausedAt = nil
        self.pauses = []
    }
}

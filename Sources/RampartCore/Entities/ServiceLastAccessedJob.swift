import Foundation

/// A GenerateServiceLastAccessedDetails job of IAM's access advisor: which user, group, role or
/// policy it reports on, and once it has run, every service that entity's permissions policies allow
/// with the last attempt to use it. Keyed by its job id; GetServiceLastAccessedDetails and
/// GetServiceLastAccessedDetailsWithEntities read it.
public struct ServiceLastAccessedJob: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        case inProgress = "IN_PROGRESS"
        case completed = "COMPLETED"
        case failed = "FAILED"
    }

    /// `AccessAdvisorUsageGranularityType`: ACTION_LEVEL adds the tracked actions of the services that
    /// report them.
    public enum Granularity: String, Codable, Sendable {
        case serviceLevel = "SERVICE_LEVEL"
        case actionLevel = "ACTION_LEVEL"
    }

    public var jobId: String
    public var account: AccountID
    /// The ARN the job was generated for.
    public var arn: String
    public var granularity: Granularity
    public var status: Status
    public var creationDate: Date
    public var completionDate: Date?
    /// Sorted by namespace; empty until the job completes.
    public var services: [ServiceAccess]
    /// Why a failed job failed (`ErrorDetails`).
    public var failure: String?

    /// AWS does not document how long a job's results can be read. Rampart keeps a job a day and drops
    /// older ones when the account generates another.
    public static let lifetime: TimeInterval = 24 * 60 * 60
    /// A job still in progress after this long was abandoned (the server running it stopped): it reads
    /// as FAILED.
    public static let abandonedAfter: TimeInterval = 15 * 60

    public init(
        jobId: String, account: AccountID, arn: String, granularity: Granularity, creationDate: Date
    ) {
        self.jobId = jobId
        self.account = account
        self.arn = arn
        self.granularity = granularity
        self.status = .inProgress
        self.creationDate = creationDate
        self.services = []
    }

    public func isExpired(at now: Date) -> Bool {
        now.timeIntervalSince(creationDate) >= Self.lifetime
    }

    public func isAbandoned(at now: Date) -> Bool {
        status == .inProgress && now.timeIntervalSince(creationDate) >= Self.abandonedAfter
    }
}

extension ServiceLastAccessedJob {
    /// One service the reported entity may use, and who last attempted it.
    public struct ServiceAccess: Codable, Sendable, Equatable {
        public var namespace: String
        public var name: String
        public var last: Attempt?
        /// How many of the entities the report covers attempted the service.
        public var totalEntities: Int
        /// ACTION_LEVEL jobs, services whose actions are tracked: every allowed tracked action, sorted.
        public var trackedActions: [TrackedAction]?
        /// Every entity the report covers, with its own last attempt (GetServiceLastAccessedDetailsWithEntities).
        public var entities: [EntityAccess]

        public init(
            namespace: String, name: String, last: Attempt?, totalEntities: Int, trackedActions: [TrackedAction]?,
            entities: [EntityAccess]
        ) {
            self.namespace = namespace
            self.name = name
            self.last = last
            self.totalEntities = totalEntities
            self.trackedActions = trackedActions
            self.entities = entities
        }
    }

    /// The latest authenticated attempt: when, by which user or role, from which region.
    public struct Attempt: Codable, Sendable, Equatable {
        public var time: Date
        public var entityArn: String
        public var region: String

        public init(time: Date, entityArn: String, region: String) {
            self.time = time
            self.entityArn = entityArn
            self.region = region
        }
    }

    public struct TrackedAction: Codable, Sendable, Equatable {
        public var name: String
        public var last: Attempt?

        public init(name: String, last: Attempt?) {
            self.name = name
            self.last = last
        }
    }

    /// A user or role the report covers (`EntityInfo`) and its last attempt at one service.
    public struct EntityAccess: Codable, Sendable, Equatable {
        public enum EntityType: String, Codable, Sendable {
            case user = "USER"
            case role = "ROLE"
        }

        public var arn: String
        public var name: String
        public var type: EntityType
        public var id: String
        public var path: String
        public var lastAuthenticated: Date?

        public init(arn: String, name: String, type: EntityType, id: String, path: String, lastAuthenticated: Date?) {
            self.arn = arn
            self.name = name
            self.type = type
            self.id = id
            self.path = path
            self.lastAuthenticated = lastAuthenticated
        }
    }
}

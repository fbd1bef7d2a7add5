import Foundation

/// A GenerateOrganizationsAccessReport job: which services the SCPs over an Organizations entity allow,
/// and when principals of the entity's accounts last attempted each, as GetOrganizationsAccessReport reads it.
public struct OrganizationsAccessReportJob: Codable, Sendable, Equatable {
    /// One service of the report (`AccessDetail`); the attempt fields are nil when no account of the
    /// entity attempted the service in the tracking window.
    public struct ServiceAccess: Codable, Sendable, Equatable {
        public var namespace: String
        public var name: String
        public var region: String?
        /// The path of the account that attempted the service last (`o-…/r-…/ou-…/ACCOUNT`).
        public var entityPath: String?
        public var lastAuthenticated: Date?
        /// How many accounts attempted the service.
        public var totalAuthenticatedEntities: Int

        public init(
            namespace: String, name: String, region: String?, entityPath: String?, lastAuthenticated: Date?,
            totalAuthenticatedEntities: Int
        ) {
            self.namespace = namespace
            self.name = name
            self.region = region
            self.entityPath = entityPath
            self.lastAuthenticated = lastAuthenticated
            self.totalAuthenticatedEntities = totalAuthenticatedEntities
        }
    }

    public var jobId: String
    /// The management account that generated the report.
    public var account: AccountID
    public var entityPath: String
    public var policyId: String?
    public var status: ServiceLastAccessedJob.Status
    public var creationDate: Date
    public var completionDate: Date?
    /// Sorted by namespace; empty until the job completes.
    public var services: [ServiceAccess]
    /// Why a failed job failed (`ErrorDetails`).
    public var failure: String?

    public init(jobId: String, account: AccountID, entityPath: String, policyId: String?, creationDate: Date) {
        self.jobId = jobId
        self.account = account
        self.entityPath = entityPath
        self.policyId = policyId
        self.status = .inProgress
        self.creationDate = creationDate
        self.services = []
    }

    public func isExpired(at now: Date) -> Bool {
        now.timeIntervalSince(creationDate) >= ServiceLastAccessedJob.lifetime
    }

    public func isAbandoned(at now: Date) -> Bool {
        status == .inProgress && now.timeIntervalSince(creationDate) >= ServiceLastAccessedJob.abandonedAfter
    }
}

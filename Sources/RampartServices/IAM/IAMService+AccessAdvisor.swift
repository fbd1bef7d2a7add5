import Foundation
import RampartCore
import RampartStore

/// IAM's access advisor: which services a user, group, role or policy may use, and when each was
/// last attempted, from the account's own trail (the tracking window is the trail's retention, 90
/// days by default, where AWS reaches back 400).
///
/// GenerateServiceLastAccessedDetails checks the ARN, stores the job IN_PROGRESS and answers its id;
/// the scan runs in the background (`ServiceLastAccessedScan`, O(events of the account in the
/// window)) and stores the result on the job, which the Get operations read. The entity's policies
/// and members are those of the moment the job was generated.
extension IAMService {
    public func generateServiceLastAccessedDetails(
        _ input: IAM.GenerateServiceLastAccessedDetailsRequest, _ call: CallContext
    ) async throws -> IAM.GenerateServiceLastAccessedDetailsResponse {
        let account = call.principal.account
        let subject = try AccessAdvisorSubject(arn: input.arn, caller: call.principal, snapshot: store.snapshot())
        let granularity =
            input.granularity.flatMap { ServiceLastAccessedJob.Granularity(rawValue: $0) } ?? .serviceLevel
        let now = call.now
        let job = ServiceLastAccessedJob(
            jobId: UUID().uuidString.lowercased(), account: account, arn: input.arn, granularity: granularity,
            creationDate: now)
        try await store.write { tx in
            for old in tx.all(ServiceLastAccessedJob.self, account: account.rawValue) where old.isExpired(at: now) {
                tx.delete(ServiceLastAccessedJob.self, old.jobId)
            }
            tx.put(job)
        }
        let store = store
        let clock = environment.clock
        let since = now.addingTimeInterval(-trailRetention)
        // Detached: the job's write is not the call's, and must not carry the call's event.
        Task.detached {
            await Self.run(job, subject: subject, since: since, store: store, clock: clock)
        }
        return IAM.GenerateServiceLastAccessedDetailsResponse(jobId: job.jobId)
    }

    public func getServiceLastAccessedDetails(
        _ input: IAM.GetServiceLastAccessedDetailsRequest, _ call: CallContext
    ) async throws -> IAM.GetServiceLastAccessedDetailsResponse {
        let job = try accessAdvisorJob(input.jobId, call)
        let page = try Page(job.services, sortKey: \.namespace, marker: input.marker, maxItems: input.maxItems)
        return IAM.GetServiceLastAccessedDetailsResponse(
            jobStatus: job.status.rawValue, jobType: job.granularity.rawValue, jobCreationDate: job.creationDate,
            servicesLastAccessed: page.items.map(Self.wire),
            jobCompletionDate: job.completionDate ?? job.creationDate, isTruncated: page.isTruncated,
            marker: page.marker, error: Self.errorDetails(job))
    }

    public func getServiceLastAccessedDetailsWithEntities(
        _ input: IAM.GetServiceLastAccessedDetailsWithEntitiesRequest, _ call: CallContext
    ) async throws -> IAM.GetServiceLastAccessedDetailsWithEntitiesResponse {
        let job = try accessAdvisorJob(input.jobId, call)
        let service = job.services.first { $0.namespace == input.serviceNamespace.lowercased() }
        // Kept in the job's order (most recent first): the key is the position.
        let entities = Array((service?.entities ?? []).enumerated())
        let page = try Page(
            entities, sortKey: { Self.positionKey($0.offset) }, marker: input.marker, maxItems: input.maxItems)
        return IAM.GetServiceLastAccessedDetailsWithEntitiesResponse(
            jobStatus: job.status.rawValue, jobCreationDate: job.creationDate,
            jobCompletionDate: job.completionDate ?? job.creationDate,
            entityDetailsList: page.items.map { Self.wire($0.element) }, isTruncated: page.isTruncated,
            marker: page.marker, error: Self.errorDetails(job))
    }

    public func listPoliciesGrantingServiceAccess(
        _ input: IAM.ListPoliciesGrantingServiceAccessRequest, _ call: CallContext
    ) async throws -> IAM.ListPoliciesGrantingServiceAccessResponse {
        // The whole answer is one page (the model has no MaxItems), so no marker was ever issued for it.
        if input.marker != nil { throw PageMarker.invalid }
        let subject = try AccessAdvisorSubject(arn: input.arn, caller: call.principal, snapshot: store.snapshot())
        guard subject.kind != .policy else {
            throw AWSError.invalidInput("ARN \(input.arn) is not valid. It must name a user, group or role.")
        }
        let entries = input.serviceNamespaces.map { namespace in
            IAM.ListPoliciesGrantingServiceAccessEntry(
                serviceNamespace: namespace,
                policies: subject.policies.filter { $0.grant.allows(namespace: namespace) }.map { policy in
                    IAM.PolicyGrantingServiceAccess(
                        policyName: policy.name, policyType: policy.type, policyArn: policy.arn,
                        entityType: policy.entityType, entityName: policy.entityName)
                })
        }
        return IAM.ListPoliciesGrantingServiceAccessResponse(policiesGrantingServiceAccess: entries, isTruncated: false)
    }

    /// Scans the trail and stores the finished job; a scan that fails stores the job FAILED.
    static func run(
        _ job: ServiceLastAccessedJob, subject: AccessAdvisorSubject, since: Date, store: any Store, clock: any Clock
    ) async {
        var finished = job
        do {
            let scan = ServiceLastAccessedScan(
                store: store, account: job.account, since: since, entities: subject.entities)
            finished.services = ServiceLastAccessedReport.services(
                policies: subject.policies.map(\.grant), entities: subject.entities,
                attempts: try await scan.attempts(),
                granularity: job.granularity)
            finished.status = .completed
        } catch {
            finished.status = .failed
            finished.failure = "The trail could not be read."
        }
        finished.completionDate = clock.now
        let done = finished
        _ = try? await store.write { tx in tx.put(done) }
    }

    private func accessAdvisorJob(_ jobId: String, _ call: CallContext) throws(AWSError) -> ServiceLastAccessedJob {
        guard var job = store.snapshot().get(ServiceLastAccessedJob.self, jobId),
            job.account == call.principal.account, !job.isExpired(at: call.now)
        else { throw AWSError.invalidInput("The specified job ID \(jobId) is not valid.") }
        if job.isAbandoned(at: call.now) {
            job.status = .failed
            job.failure = "The job did not finish; generate the report again."
        }
        return job
    }

    private static func errorDetails(_ job: ServiceLastAccessedJob) -> IAM.ErrorDetails? {
        guard job.status == .failed else { return nil }
        return IAM.ErrorDetails(message: job.failure ?? "The job failed.", code: "ServiceFailure")
    }

    static func positionKey(_ position: Int) -> String {
        let digits = String(position)
        return String(repeating: "0", count: max(0, 10 - digits.count)) + digits
    }

    private static func wire(_ service: ServiceLastAccessedJob.ServiceAccess) -> IAM.ServiceLastAccessed {
        IAM.ServiceLastAccessed(
            serviceName: service.name, lastAuthenticated: service.last?.time, serviceNamespace: service.namespace,
            lastAuthenticatedEntity: service.last?.entityArn, lastAuthenticatedRegion: service.last?.region,
            totalAuthenticatedEntities: service.totalEntities,
            trackedActionsLastAccessed: service.trackedActions?.map { action in
                IAM.TrackedActionLastAccessed(
                    actionName: action.name, lastAccessedEntity: action.last?.entityArn,
                    lastAccessedTime: action.last?.time, lastAccessedRegion: action.last?.region)
            })
    }

    private static func wire(_ entity: ServiceLastAccessedJob.EntityAccess) -> IAM.EntityDetails {
        IAM.EntityDetails(
            entityInfo: IAM.EntityInfo(
                arn: entity.arn, name: entity.name, type: entity.type.rawValue, id: entity.id, path: entity.path),
            lastAuthenticated: entity.lastAuthenticated)
    }
}

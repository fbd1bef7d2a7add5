import Foundation
import RampartCore
import RampartStore

/// The access advisor for Organizations entities: from the management account, which services the SCPs over
/// the root, an OU or an account allow, and when principals of the entity's accounts last attempted each
/// (from those accounts' trails, over the same tracking window as the other access advisor reports).
///
/// GenerateOrganizationsAccessReport checks the entity path and policy, stores the job IN_PROGRESS and answers
/// its id; the scan runs in the background and stores the result, which GetOrganizationsAccessReport reads.
extension IAMService {
    public func generateOrganizationsAccessReport(
        _ input: IAM.GenerateOrganizationsAccessReportRequest, _ call: CallContext
    ) async throws -> IAM.GenerateOrganizationsAccessReportResponse {
        let account = call.principal.account
        let subject: OrganizationsAccessSubject
        do {
            subject = try OrganizationsAccessSubject(
                entityPath: input.entityPath, policyId: input.organizationsPolicyId, caller: account,
                snapshot: store.snapshot())
        } catch {
            throw Self.awsError(error, input)
        }
        let now = call.now
        let job = OrganizationsAccessReportJob(
            jobId: UUID().uuidString.lowercased(), account: account, entityPath: input.entityPath,
            policyId: input.organizationsPolicyId, creationDate: now)
        try await store.write { tx in
            for old in tx.all(OrganizationsAccessReportJob.self, account: account.rawValue) where old.isExpired(at: now)
            {
                tx.delete(OrganizationsAccessReportJob.self, old.jobId)
            }
            tx.put(job)
        }
        let store = store
        let clock = environment.clock
        let since = now.addingTimeInterval(-trailRetention)
        // Detached: the job's write is not the call's, and must not carry the call's event.
        Task.detached {
            await Self.runOrganizationsReport(job, subject: subject, since: since, store: store, clock: clock)
        }
        return IAM.GenerateOrganizationsAccessReportResponse(jobId: job.jobId)
    }

    public func getOrganizationsAccessReport(_ input: IAM.GetOrganizationsAccessReportRequest, _ call: CallContext)
        async throws -> IAM.GetOrganizationsAccessReportResponse
    {
        guard var job = store.snapshot().get(OrganizationsAccessReportJob.self, input.jobId),
            job.account == call.principal.account, !job.isExpired(at: call.now)
        else { throw AWSError.noSuchEntity("The job with ID \(input.jobId) cannot be found.") }
        if job.isAbandoned(at: call.now) {
            job.status = .failed
            job.failure = "The job did not finish; generate the report again."
        }
        var response = IAM.GetOrganizationsAccessReportResponse(
            jobStatus: job.status.rawValue, jobCreationDate: job.creationDate)
        switch job.status {
        case .inProgress:
            return response
        case .failed:
            response.jobCompletionDate = job.completionDate ?? call.now
            response.errorDetails = IAM.ErrorDetails(message: job.failure ?? "The job failed.", code: "ServiceFailure")
            return response
        case .completed:
            break
        }
        let ordered = Array(OrganizationsAccessReport.sorted(job.services, by: input.sortKey).enumerated())
        let page = try Page(
            ordered, sortKey: { Self.positionKey($0.offset) }, marker: input.marker, maxItems: input.maxItems)
        response.jobCompletionDate = job.completionDate
        response.numberOfServicesAccessible = job.services.count
        response.numberOfServicesNotAccessed = job.services.filter { $0.lastAuthenticated == nil }.count
        response.accessDetails = page.items.map { item in
            let service = item.element
            return IAM.AccessDetail(
                serviceName: service.name, serviceNamespace: service.namespace, region: service.region,
                entityPath: service.entityPath, lastAuthenticatedTime: service.lastAuthenticated,
                totalAuthenticatedEntities: service.totalAuthenticatedEntities)
        }
        response.isTruncated = page.isTruncated
        response.marker = page.marker
        return response
    }

    /// Scans the covered accounts' trails and stores the finished job; a scan that fails stores it FAILED.
    static func runOrganizationsReport(
        _ job: OrganizationsAccessReportJob, subject: OrganizationsAccessSubject, since: Date, store: any Store,
        clock: any Clock
    ) async {
        var finished = job
        do {
            let scan = OrganizationsAccessScan(store: store, since: since)
            var attempts = [AccountID: [String: OrganizationsAccessScan.Attempt]]()
            for account in subject.accounts {
                attempts[account.id] = try await scan.latestAttempts(of: account.id)
            }
            finished.services = OrganizationsAccessReport.services(
                policyLevels: subject.policyLevels, accounts: subject.accounts, attempts: attempts)
            finished.status = .completed
        } catch {
            finished.status = .failed
            finished.failure = "The trail could not be read."
        }
        finished.completionDate = clock.now
        let done = finished
        _ = try? await store.write { tx in tx.put(done) }
    }

    private static func awsError(
        _ failure: OrganizationsAccessSubject.Failure, _ input: IAM.GenerateOrganizationsAccessReportRequest
    ) -> AWSError {
        switch failure {
        case .notManagementAccount:
            .accessDenied(
                "Organizations access reports can be generated only with the credentials of an organization's management account."
            )
        case .scpsNotEnabled:
            .invalidInput("Service control policies are not enabled for the organization root.")
        case .invalidPath:
            .invalidInput("The entity path \(input.entityPath) does not name an entity of the organization.")
        case .unknownPolicy:
            .invalidInput(
                "The service control policy \(input.organizationsPolicyId ?? "") does not exist in the organization.")
        }
    }
}

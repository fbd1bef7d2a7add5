import Foundation
import RampartCore
import RampartStore

extension IAMService {
    /// Builds the report inside the write that stores it, so the report is the state of one committed
    /// snapshot and the "at most every four hours" rule holds for concurrent callers: the second
    /// writer finds the first one's report and reuses it. AWS builds the report in the background and
    /// answers STARTED; Rampart builds it before answering, so it is complete once STARTED is returned.
    public func generateCredentialReport(_ call: CallContext) async throws -> IAM.GenerateCredentialReportResponse {
        let id = call.principal.account
        let now = call.now
        let started = try await store.write { tx in
            if let report = tx.get(CredentialReport.self, id.rawValue), !report.isExpired(at: now) { return false }
            tx.put(CredentialReport(of: try tx.account(id), in: tx.snapshot, at: now))
            return true
        }
        // AWS's texts: the STARTED one from the API reference; a reused report is COMPLETE with no
        // description at all (as aws iam generate-credential-report shows it).
        return started
            ? IAM.GenerateCredentialReportResponse(
                state: "STARTED", description: "No report exists. Starting a new report generation task")
            : IAM.GenerateCredentialReportResponse(state: "COMPLETE")
    }

    public func getCredentialReport(_ call: CallContext) async throws -> IAM.GetCredentialReportResponse {
        guard let report = store.snapshot().get(CredentialReport.self, call.principal.account.rawValue) else {
            throw AWSError.credentialReportNotPresent
        }
        guard !report.isExpired(at: call.now) else { throw AWSError.credentialReportExpired }
        return IAM.GetCredentialReportResponse(
            content: Array(report.content.utf8), reportFormat: "text/csv", generatedTime: report.generatedTime)
    }
}

// AWS sends both without a message (botocore shows "Unknown", the Go SDK an empty string), so Rampart
// does too; the codes and statuses are the model's.
extension AWSError {
    /// GetCredentialReport before any GenerateCredentialReport in the account.
    static let credentialReportNotPresent = AWSError(code: "ReportNotPresent", message: "", httpStatus: 410)
    /// GetCredentialReport when the latest report is four hours old or more.
    static let credentialReportExpired = AWSError(code: "ReportExpired", message: "", httpStatus: 410)
}

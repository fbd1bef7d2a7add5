import Foundation
import RampartCore
import RampartStore
import Testing

@testable import RampartServices

/// GenerateCredentialReport and GetCredentialReport over a real (temporary) store: one report per
/// account, reused for four hours, refused after that until generated again.
struct IAMServiceCredentialReportTests {
    let account = AccountID("123456789012")!
    let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_000))

    func service() async throws -> IAMService {
        IAMService(environment: try await ServiceEnvironment.temporary(clock: clock, account: account))
    }

    var call: CallContext {
        CallContext(principal: .rootUser(of: account), requestId: "r", now: clock.now, sourceIp: "127.0.0.1")
    }

    func expectError(_ code: String, status: Int, _ body: () async throws -> Void) async {
        do {
            try await body()
            Issue.record("expected \(code)")
        } catch let error as AWSError {
            #expect(error.code == code)
            #expect(error.httpStatus == status)
            #expect(error.message.isEmpty)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func notPresentBeforeTheFirstReport() async throws {
        let iam = try await service()
        await expectError("ReportNotPresent", status: 410) { _ = try await iam.getCredentialReport(call) }
    }

    @Test func startedThenCompleteAndReusedForFourHours() async throws {
        let iam = try await service()
        let first = try await iam.generateCredentialReport(call)
        #expect(first.state == "STARTED")
        #expect(first.description == "No report exists. Starting a new report generation task")
        let report = try await iam.getCredentialReport(call)
        #expect(report.reportFormat == "text/csv")
        #expect(report.generatedTime == clock.now)
        #expect(String(decoding: report.content ?? [], as: UTF8.self).hasPrefix("user,arn,user_creation_time,"))

        clock.advance(CredentialReport.lifetime - 1)
        let again = try await iam.generateCredentialReport(call)
        #expect(again == IAM.GenerateCredentialReportResponse(state: "COMPLETE"))
        #expect(try await iam.getCredentialReport(call).generatedTime == report.generatedTime)
    }

    @Test func expiredAfterFourHoursUntilGeneratedAgain() async throws {
        let iam = try await service()
        _ = try await iam.generateCredentialReport(call)
        clock.advance(CredentialReport.lifetime)
        await expectError("ReportExpired", status: 410) { _ = try await iam.getCredentialReport(call) }
        #expect(try await iam.generateCredentialReport(call).state == "STARTED")
        #expect(try await iam.getCredentialReport(call).generatedTime == clock.now)
    }

    @Test func concurrentCallersStartOneReport() async throws {
        let iam = try await service()
        let call = call
        let states = try await withThrowingTaskGroup(of: String?.self) { group in
            for _ in 0..<8 { group.addTask { try await iam.generateCredentialReport(call).state } }
            return try await group.reduce(into: [String?]()) { $0.append($1) }
        }
        #expect(states.filter { $0 == "STARTED" }.count == 1)
        #expect(states.filter { $0 == "COMPLETE" }.count == 7)
    }

    @Test func eachAccountHasItsOwn() async throws {
        let iam = try await service()
        _ = try await iam.generateCredentialReport(call)
        let other = AccountID("210987654321")!
        let stranger = CallContext(principal: .rootUser(of: other), requestId: "r", now: clock.now, sourceIp: "::1")
        await expectError("ReportNotPresent", status: 410) { _ = try await iam.getCredentialReport(stranger) }
    }
}

import Foundation
import RampartCore
import RampartStore

extension STSService {
    /// A short session as the root user of a member account, scoped by one of the five root-task
    /// policies. The authorizer has already weighed `sts:AssumeRoot` (with `sts:TaskPolicyArn`) against
    /// the caller's policies and SCPs; what remains are the fixed rules of centralized root access.
    public func assumeRoot(_ input: STS.AssumeRootRequest, _ call: CallContext) async throws -> STS.AssumeRootResponse {
        let principal = call.principal
        let taskPolicyArn = input.taskPolicyArn.arn ?? ""
        guard RootTaskPolicies.contains(taskPolicyArn) else {
            throw AWSError.validation(
                "TaskPolicyArn must be one of the root-task policies: "
                    + RootTaskPolicies.all.map { $0.arn(in: .commercial) }.joined(separator: ", ") + ".")
        }
        guard let target = Self.targetAccount(input.targetPrincipal) else {
            throw AWSError.validation(
                "TargetPrincipal \(input.targetPrincipal) is neither an account ID nor the ARN of an account's root user."
            )
        }
        let snapshot = environment.store.snapshot()
        do throws(CentralizedRootAccess.RootSessionRefusal) {
            _ = try CentralizedRootAccess.rootSessionTarget(target, for: principal, in: snapshot)
        } catch {
            throw error.accessDenied(principal, target: target.rawValue)
        }

        let duration = input.durationSeconds ?? Limits.rootSessionDuration.upperBound
        var session = TemporarySession(
            source: .assumeRoot, accessKeyId: AccessKeyMaterial.newTemporaryId(account: target),
            secretAccessKey: AccessKeyMaterial.newSecret(), account: target, kind: .root, name: "root", path: "/",
            principalId: target.rawValue, roleSessionName: nil, issuedAt: call.now,
            expiresAt: call.now.addingTimeInterval(TimeInterval(duration)))
        session.sessionPolicyArns = [taskPolicyArn]
        session.mfaAuthenticatedAt = principal.session?.mfaAuthenticatedAt
        session.sourceIdentity = principal.session?.sourceIdentity

        // Recorded on both sides, as CloudTrail has it: the caller's account sees who opened which task on
        // whom, the member sees the session its root actions will come from.
        let details = [
            "principalArn": principal.arn, "targetPrincipal": input.targetPrincipal, "taskPolicyArn": taskPolicyArn,
            "accessKeyId": session.accessKeyId, "expiration": Timestamp.iso8601(session.expiresAt),
        ]
        try await environment.store.write { tx in
            for account in [principal.account, target] {
                tx.append(
                    AuditEvent(
                        account: account, time: call.now, name: "AssumeRoot",
                        userName: principal.kind == .user ? principal.name : nil, requestId: call.requestId,
                        sourceIp: call.sourceIp, details: details))
            }
        }
        let issued = try credentials(for: session)
        TrailResponseElements.report(
            TrailResponseElements.credentials(issued, sourceIdentity: session.sourceIdentity))
        return STS.AssumeRootResponse(credentials: issued, sourceIdentity: session.sourceIdentity)
    }

    /// "The member account principal ARN or account ID": twelve digits, or `arn:aws:iam::<id>:root`.
    static func targetAccount(_ principal: String) -> AccountID? {
        if let id = AccountID(principal) { return id }
        guard let arn = ARN(parsing: principal), arn.service == "iam", arn.resource == "root" else { return nil }
        return AccountID(arn.account)
    }
}

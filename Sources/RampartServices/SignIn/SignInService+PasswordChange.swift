import Foundation
import RampartCore
import RampartStore

extension SignInService {
    /// The forced password change of a sign-in (PasswordResetRequired, or an expired password): the old
    /// password again, and a new one that the account password policy accepts and that was not used
    /// recently. AWS lets a user whose reset is required do this without a policy that allows it, but not
    /// against one that denies it: the force-MFA policy denies iam:ChangePassword without MFA unless the
    /// action is among its exceptions. A user with a device proved it before this step, and the change is
    /// authorized with that MFA.
    public func changePassword(
        flow token: OpaqueToken?, oldPassword: String, newPassword: String, device: OpaqueToken? = nil,
        sourceIp: String, requestId: String
    ) async throws -> SignInStep {
        let now = environment.clock.now
        if SignInThrottles.lockedOut([.address(sourceIp)], in: store.snapshot(), at: now) { return .failed(.throttled) }
        guard let flow = openFlow(token, stage: .changePassword, at: now), let userName = flow.userName else {
            return .failed(.flowExpired)
        }
        let snapshot = store.snapshot()
        guard let user = snapshot.get(User.self, User.key(flow.account, userName)) else { return .failed(.flowExpired) }
        let partition = snapshot.partition(of: flow.account)
        var session = TemporarySession(
            source: .console, accessKeyId: "ASIA" + flow.idHash.prefix(16).uppercased(), secretAccessKey: "",
            account: flow.account, kind: .user, name: user.name, path: user.path, principalId: user.id,
            roleSessionName: nil, issuedAt: flow.createdAt, expiresAt: flow.expiresAt)
        session.mfaAuthenticatedAt = flow.mfaAuthenticatedAt
        let principal = session.principal(in: partition)
        do {
            _ = try PrincipalCalls(environment: environment).authorize(
                service: "iam", action: "ChangePassword", parameters: [:], as: principal, sourceIp: sourceIp,
                requestId: requestId)
        } catch let error where error.message.contains("with an explicit deny") {
            return .failed(
                .passwordRejected(
                    "Your policies do not allow you to change your password here: \(error.message). "
                        + "Ask an administrator of account \(flow.account.rawValue) to reset it or to allow it."))
        } catch {
            // Nothing allows it, and nothing denies it: a reset that is required is allowed anyway.
        }
        do {
            try await IAMService(environment: environment).changePassword(
                IAM.ChangePasswordRequest(oldPassword: oldPassword, newPassword: newPassword),
                CallContext(principal: principal, requestId: requestId, now: now, sourceIp: sourceIp))
        } catch let error as AWSError {
            if error.code == "InvalidUserType" {
                try await store.write { tx in
                    SignInThrottles.recordFailure([.address(sourceIp)], in: &tx, at: now)
                }
            }
            return .failed(.passwordRejected(error.message))
        }
        return try await store.write { tx in
            tx.delete(SignInFlow.self, flow.idHash)
            if let mfaAt = flow.mfaAuthenticatedAt {
                Self.trust(device, account: flow.account, userName: flow.userName, at: now, in: &tx)
                return Self.startSession(
                    account: flow.account, userName: flow.userName, mfaAt: mfaAt, sourceIp: sourceIp,
                    requestId: requestId, at: now, in: &tx)
            }
            let next = afterPassword(
                account: flow.account, userName: flow.userName, device: device, sourceIp: sourceIp,
                requestId: requestId, at: now, in: &tx)
            if case .signedIn = next {
                Self.trust(device, account: flow.account, userName: flow.userName, at: now, in: &tx)
            }
            return next
        }
    }
}

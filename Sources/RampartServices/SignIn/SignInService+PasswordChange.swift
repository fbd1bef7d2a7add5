import Foundation
import RampartCore
import RampartStore

extension SignInService {
    /// The forced password change of a sign-in (PasswordResetRequired, or an expired password): the old
    /// password again, and a new one that the account password policy accepts and that was not used
    /// recently. AWS lets a user whose reset is required do this whatever their policies say, and so do we.
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
        let principal = Principal(
            account: flow.account, kind: .user, name: user.name, userId: user.id, arn: user.arn(in: partition),
            session: nil, accessKeyId: "", partition: partition)
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

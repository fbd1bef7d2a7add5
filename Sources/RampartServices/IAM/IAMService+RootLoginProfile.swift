import Foundation
import RampartCore
import RampartStore

// The root user's login profile, which only a member's root in an AssumeRoot session reaches (the IAM
// calls without UserName). The profile is the root's password or its right to recover one: deleting it
// removes the password and blocks recovery (`Account.rootCredentialsAbsent`); creating it, with no
// password, allows recovery again, after which the root sets a password through recovery.
extension IAMService {
    /// The account a call may act on as its root user's login profile: the AssumeRoot session's member.
    /// Root credentials of other kinds must name a user, as AWS's documentation of these calls says.
    func rootSessionAccount(_ call: CallContext) throws(AWSError) -> AccountID {
        guard call.principal.session?.isAssumedRoot == true else {
            throw AWSError.validation(
                "When you make this request with root user credentials, you must use an AssumeRoot session to omit "
                    + "the user name.")
        }
        return call.principal.account
    }

    /// CreateLoginProfile in an `IAMCreateRootUserPassword` session: "allow password recovery".
    func allowRootPasswordRecovery(_ input: IAM.CreateLoginProfileRequest, _ call: CallContext) async throws
        -> IAM.LoginProfile
    {
        let id = try rootSessionAccount(call)
        guard input.password == nil else {
            throw AWSError.validation(
                "Password must be omitted in an AssumeRoot session: the root user sets it through password recovery.")
        }
        let account = try await store.write { tx in
            var account = try tx.account(id)
            guard account.effectivePartition.hasRootUsers else {
                throw AWSError.invalidInput(
                    "Accounts of the \(account.effectivePartition) partition have no root user.")
            }
            guard !account.rootHasLoginProfile else {
                throw AWSError.entityAlreadyExists("Login Profile for the root user already exists.")
            }
            account.rootCredentialsAbsent = nil
            account.rootLoginProfileCreateDate = call.now
            tx.put(account)
            return account
        }
        return rootLoginProfile(account)
    }

    /// DeleteLoginProfile in an `IAMDeleteRootUserCredentials` session: the password goes, and with it
    /// password recovery, so the root cannot sign in until recovery is allowed again.
    func deleteRootLoginProfile(_ call: CallContext) async throws {
        let id = try rootSessionAccount(call)
        try await store.write { tx in
            var account = try tx.account(id)
            guard account.rootHasLoginProfile else { throw Self.noRootLoginProfile }
            account.rootPassword = nil
            account.rootCredentialsAbsent = true
            account.rootLoginProfileCreateDate = nil
            tx.put(account)
        }
    }

    /// The root's profile as IAM shows it: named by the account id (as ListMFADevices names root's
    /// devices), created with the account unless recovery was allowed since.
    func rootLoginProfile(_ account: Account) -> IAM.LoginProfile {
        IAM.LoginProfile(
            userName: account.id.rawValue, createDate: account.rootLoginProfileCreateDate ?? account.createDate,
            passwordResetRequired: false)
    }

    static var noRootLoginProfile: AWSError {
        AWSError.noSuchEntity("Login Profile for the root user cannot be found.")
    }
}

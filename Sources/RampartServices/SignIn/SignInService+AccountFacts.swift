import Foundation
import RampartCore
import RampartStore

/// What the console's own pages show a person about their account without an IAM call: the password
/// rules where a password is set, and the root user's sign-in email on its account page.
extension SignInService {
    /// The account password policy a new password must meet, for the page where it is set: a person sees
    /// the rules without needing `iam:GetAccountPasswordPolicy`, as AWS's own password page shows them.
    public func passwordPolicy(account: AccountID) -> PasswordPolicy? {
        store.snapshot().get(Account.self, account.rawValue)?.passwordPolicy
    }

    /// The password policy for the password change a sign-in requires (nil when the flow is not open).
    public func passwordPolicy(flow token: OpaqueToken?) -> PasswordPolicy? {
        guard let flow = openFlow(token, stage: .changePassword, at: environment.clock.now) else { return nil }
        return passwordPolicy(account: flow.account)
    }

    /// The email the account's root user signs in with, for the root user's own account page.
    public func rootEmail(_ account: AccountID) -> String? {
        store.snapshot().get(Account.self, account.rawValue)?.rootEmail
    }
}

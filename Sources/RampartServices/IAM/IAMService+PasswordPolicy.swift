import RampartCore
import RampartStore

extension IAMService {
    /// Replaces the whole policy: any field the request leaves out returns to its default.
    public func updateAccountPasswordPolicy(_ input: IAM.UpdateAccountPasswordPolicyRequest, _ call: CallContext)
        async throws
    {
        var policy = PasswordPolicy()
        if let value = input.minimumPasswordLength { policy.minimumPasswordLength = value }
        if let value = input.requireSymbols { policy.requireSymbols = value }
        if let value = input.requireNumbers { policy.requireNumbers = value }
        if let value = input.requireUppercaseCharacters { policy.requireUppercaseCharacters = value }
        if let value = input.requireLowercaseCharacters { policy.requireLowercaseCharacters = value }
        if let value = input.allowUsersToChangePassword { policy.allowUsersToChangePassword = value }
        if let value = input.maxPasswordAge { policy.maxPasswordAge = value }
        if let value = input.passwordReusePrevention { policy.passwordReusePrevention = value }
        if let value = input.hardExpiry { policy.hardExpiry = value }
        try await store.write { tx in
            var account = try tx.account(call.principal.account)
            account.passwordPolicy = policy
            tx.put(account)
        }
    }

    public func getAccountPasswordPolicy(_ call: CallContext) async throws -> IAM.GetAccountPasswordPolicyResponse {
        let account = try store.snapshot().account(call.principal.account)
        guard let policy = account.passwordPolicy else {
            throw AWSError.noSuchEntity("The Password Policy with domain name \(account.id) cannot be found.")
        }
        return IAM.GetAccountPasswordPolicyResponse(
            passwordPolicy: IAM.PasswordPolicy(
                minimumPasswordLength: policy.minimumPasswordLength, requireSymbols: policy.requireSymbols,
                requireNumbers: policy.requireNumbers, requireUppercaseCharacters: policy.requireUppercaseCharacters,
                requireLowercaseCharacters: policy.requireLowercaseCharacters,
                allowUsersToChangePassword: policy.allowUsersToChangePassword, expirePasswords: policy.expirePasswords,
                maxPasswordAge: policy.maxPasswordAge > 0 ? policy.maxPasswordAge : nil,
                passwordReusePrevention: policy.passwordReusePrevention > 0 ? policy.passwordReusePrevention : nil,
                hardExpiry: policy.hardExpiry))
    }

    public func deleteAccountPasswordPolicy(_ call: CallContext) async throws {
        try await store.write { tx in
            var account = try tx.account(call.principal.account)
            guard account.passwordPolicy != nil else {
                throw AWSError.noSuchEntity("The account policy with name PasswordPolicy cannot be found.")
            }
            account.passwordPolicy = nil
            tx.put(account)
        }
    }
}

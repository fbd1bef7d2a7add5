import Foundation
import RampartCore
import RampartStore

extension IAMService {
    public func createLoginProfile(_ input: IAM.CreateLoginProfileRequest, _ call: CallContext) async throws
        -> IAM.CreateLoginProfileResponse
    {
        let account = call.principal.account
        guard let name = try targetUserName(input.userName, call) else {
            return IAM.CreateLoginProfileResponse(loginProfile: try await allowRootPasswordRecovery(input, call))
        }
        guard let password = input.password else {
            throw AWSError.validation("Password is required unless the call is made in an AssumeRoot session.")
        }
        let snapshot = store.snapshot()
        _ = try snapshot.user(account, name)
        try checkPasswordPolicy(password, snapshot.account(account))
        let hash = try await hashOffLoop(password)
        let user = try await store.write { tx in
            var user = try tx.user(account, name)
            guard user.loginProfile == nil else {
                throw AWSError.entityAlreadyExists("Login Profile for user \(user.name) already exists.")
            }
            user.loginProfile = LoginProfile(
                password: hash, createDate: call.now, passwordResetRequired: input.passwordResetRequired ?? false)
            tx.put(user)
            return user
        }
        return IAM.CreateLoginProfileResponse(loginProfile: wireLoginProfile(user))
    }

    public func getLoginProfile(_ input: IAM.GetLoginProfileRequest, _ call: CallContext) async throws
        -> IAM.GetLoginProfileResponse
    {
        guard let name = try targetUserName(input.userName, call) else {
            let account = try store.snapshot().account(try rootSessionAccount(call))
            guard account.rootHasLoginProfile else { throw Self.noRootLoginProfile }
            return IAM.GetLoginProfileResponse(loginProfile: rootLoginProfile(account))
        }
        let user = try store.snapshot().user(call.principal.account, name)
        guard user.loginProfile != nil else {
            throw AWSError.noSuchEntity("Login Profile for User \(user.name) cannot be found.")
        }
        return IAM.GetLoginProfileResponse(loginProfile: wireLoginProfile(user))
    }

    public func updateLoginProfile(_ input: IAM.UpdateLoginProfileRequest, _ call: CallContext) async throws {
        let account = call.principal.account
        let snapshot = store.snapshot()
        let existing = try snapshot.user(account, input.userName)
        guard existing.loginProfile != nil else {
            throw AWSError.noSuchEntity("Login Profile for User \(existing.name) cannot be found.")
        }
        var hash: PasswordHash?
        if let password = input.password {
            try checkPasswordPolicy(password, snapshot.account(account))
            hash = try await hashOffLoop(password)
        }
        try await store.write { tx in
            var user = try tx.user(account, input.userName)
            guard var profile = user.loginProfile else {
                throw AWSError.noSuchEntity("Login Profile for User \(user.name) cannot be found.")
            }
            if let hash { profile.replacePassword(with: hash, at: call.now, keep: try tx.account(account).reuseDepth) }
            if let reset = input.passwordResetRequired { profile.passwordResetRequired = reset }
            user.loginProfile = profile
            tx.put(user)
        }
    }

    public func deleteLoginProfile(_ input: IAM.DeleteLoginProfileRequest, _ call: CallContext) async throws {
        guard let name = try targetUserName(input.userName, call) else {
            return try await deleteRootLoginProfile(call)
        }
        try await store.write { tx in
            var user = try tx.user(call.principal.account, name)
            guard user.loginProfile != nil else {
                throw AWSError.noSuchEntity("Login Profile for User \(user.name) cannot be found.")
            }
            user.loginProfile = nil
            tx.put(user)
        }
    }

    public func changePassword(_ input: IAM.ChangePasswordRequest, _ call: CallContext) async throws {
        let account = call.principal.account
        guard call.principal.kind == .user else {
            throw AWSError.invalidUserType("Only IAM users can change their own password with this operation.")
        }
        let snapshot = store.snapshot()
        let user = try snapshot.user(account, call.principal.name)
        guard let profile = user.loginProfile else {
            throw AWSError.noSuchEntity("Login Profile for User \(user.name) cannot be found.")
        }
        guard await verifyOffLoop(input.oldPassword, profile.password) else {
            throw AWSError.invalidUserType("The old password is incorrect.")
        }
        let settings = try snapshot.account(account)
        try checkPasswordPolicy(input.newPassword, settings)
        for previous in [profile.password] + profile.previousPasswords.prefix(settings.reuseDepth)
        where settings.reuseDepth > 0 {
            if await verifyOffLoop(input.newPassword, previous) {
                throw AWSError.passwordPolicyViolation(
                    "Policy Error: Password was used recently (PasswordReusePrevention \(settings.reuseDepth)).")
            }
        }
        let hash = try await hashOffLoop(input.newPassword)
        try await store.write { tx in
            var user = try tx.user(account, call.principal.name)
            guard var profile = user.loginProfile else {
                throw AWSError.noSuchEntity("Login Profile for User \(user.name) cannot be found.")
            }
            profile.replacePassword(with: hash, at: call.now, keep: settings.reuseDepth)
            profile.passwordResetRequired = false
            user.loginProfile = profile
            tx.put(user)
        }
    }

    func checkPasswordPolicy(_ password: String, _ account: Account) throws(AWSError) {
        let reasons = account.passwordPolicy?.violations(of: password) ?? DefaultPasswordRules.violations(of: password)
        if !reasons.isEmpty {
            throw AWSError.passwordPolicyViolation(
                "Password does not conform to the account password policy requirements: "
                    + reasons.joined(separator: "; "))
        }
    }

    func wireLoginProfile(_ user: User) -> IAM.LoginProfile {
        IAM.LoginProfile(
            userName: user.name, createDate: user.loginProfile?.createDate ?? user.createDate,
            passwordResetRequired: user.loginProfile?.passwordResetRequired ?? false)
    }

    /// scrypt takes ~0.1 s; run it off the event loops.
    func hashOffLoop(_ password: String) async throws -> PasswordHash {
        let hasher = environment.passwords
        return try await OffLoop.run { try hasher.hash(password) }
    }

    func verifyOffLoop(_ password: String, _ hash: PasswordHash) async -> Bool {
        let hasher = environment.passwords
        return await OffLoop.run { hasher.verify(password, against: hash) }
    }
}

extension LoginProfile {
    mutating func replacePassword(with hash: PasswordHash, at now: Date, keep: Int) {
        previousPasswords = Array(([password] + previousPasswords).prefix(keep))
        password = hash
        passwordLastChanged = now
    }
}

extension Account {
    var reuseDepth: Int { passwordPolicy?.passwordReusePrevention ?? 0 }
}

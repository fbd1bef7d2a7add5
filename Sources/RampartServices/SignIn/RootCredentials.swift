import Foundation
import RampartCore
import RampartStore

/// The root user's own sign-in credentials, changed from the console's account page as on AWS's "Account
/// settings": the password, and the email address it signs in with. Each needs the current password
/// (the console asks for a recent MFA proof too) and is recorded in the trail (`PasswordUpdated`,
/// `EmailUpdated`, as AWS's sign-in service records them), without the secrets.
public struct RootCredentials: Sendable {
    let environment: ServiceEnvironment

    public init(environment: ServiceEnvironment) {
        self.environment = environment
    }

    /// The rules `changePassword` enforces, in words: IAM's defaults (an account's password policy binds
    /// its IAM users, never the root user), and a new password is not the current one.
    public static let passwordRules = DefaultPasswordRules.descriptions + ["Not the current password"]

    /// AWS's limits on a root email (Organizations' `Email` member): 6 to 64 characters, one `@`, a dot
    /// in the domain, no spaces.
    static func validEmail(_ email: String) -> Bool {
        guard (6...64).contains(email.count), !email.contains(where: \.isWhitespace) else { return false }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty else { return false }
        let domain = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return domain.count >= 2 && !domain.contains(where: \.isEmpty)
    }

    public func changePassword(
        _ principal: Principal, current: String, new: String, sourceIp: String, requestId: String
    ) async throws {
        let reasons = DefaultPasswordRules.violations(of: new)
        guard reasons.isEmpty else {
            throw AWSError.passwordPolicyViolation(
                "The new password does not meet the root user's password rules: " + reasons.joined(separator: "; "))
        }
        guard current != new else {
            throw AWSError.passwordPolicyViolation("The new password must differ from the current one.")
        }
        try await verify(principal, password: current)
        let hash = try environment.passwords.hash(new)
        let now = environment.clock.now
        try await environment.store.write { tx in
            guard var account = tx.get(Account.self, principal.account.rawValue) else {
                throw AWSError.noSuchEntity("The account no longer exists.")
            }
            account.rootPassword = hash
            tx.put(account)
            tx.append(
                AuditEvent(
                    account: principal.account, time: now, name: "PasswordUpdated", userName: nil,
                    requestId: requestId, sourceIp: sourceIp, details: ["result": "Success"]))
        }
    }

    public func changeEmail(
        _ principal: Principal, password: String, newEmail: String, sourceIp: String, requestId: String
    ) async throws {
        let wanted = newEmail.trimmingCharacters(in: .whitespaces).lowercased()
        guard Self.validEmail(wanted) else {
            throw AWSError.invalidInput(
                "Enter an email address such as name@example.com (6 to 64 characters, no spaces).")
        }
        try await verify(principal, password: password)
        let now = environment.clock.now
        try await environment.store.write { tx in
            guard var account = tx.get(Account.self, principal.account.rawValue) else {
                throw AWSError.noSuchEntity("The account no longer exists.")
            }
            // One root user per email: the sign-in page finds the account by it.
            guard tx.snapshot.accounts(withRootEmail: wanted).allSatisfy({ $0.id == account.id }) else {
                throw AWSError.entityAlreadyExists("Another account already uses the email address \(wanted).")
            }
            let old = account.rootEmail
            account.rootEmail = wanted
            tx.put(account)
            tx.append(
                AuditEvent(
                    account: principal.account, time: now, name: "EmailUpdated", userName: nil,
                    requestId: requestId, sourceIp: sourceIp, details: ["result": "Success", "previous": old]))
        }
    }

    /// The current password, checked off the event loop like a sign-in's; a wrong one changes nothing.
    private func verify(_ principal: Principal, password: String) async throws {
        guard principal.kind == .root else {
            throw AWSError.accessDenied("Only the root user changes the root user's email and password.")
        }
        guard let stored = environment.store.snapshot().get(Account.self, principal.account.rawValue)?.rootPassword
        else {
            throw AWSError.accessDenied("The root user of this account has no password to change.")
        }
        // Guesses here count toward the root's password lockout, as at sign-in: a session left open does
        // not become a way to try passwords without limit.
        let subject = SignInThrottle.Subject.password(account: principal.account, userName: nil)
        let now = environment.clock.now
        if SignInThrottles.lockedOut([subject], in: environment.store.snapshot(), at: now) {
            throw AWSError.accessDenied(SignInFailure.throttled.message)
        }
        let hasher = environment.passwords
        guard await OffLoop.run({ hasher.verify(password, against: stored) }) else {
            try await environment.store.write { tx in SignInThrottles.recordFailure([subject], in: &tx, at: now) }
            throw AWSError.accessDenied("The current password is not correct.")
        }
    }
}

import Foundation
import RampartCore
import RampartStore

extension SignInService {
    /// How long a role switched into from the console lasts: AWS gives such sessions one hour, the
    /// role-chaining limit, whatever the role's MaxSessionDuration.
    public static let switchedRoleLifetime = TimeInterval(Limits.roleChainingMaximumDuration)

    /// "Switch role": the signed-in principal (never a role it switched into before: AWS's console always
    /// switches from the original identity) assumes `role` in `account` through STS's AssumeRole, so the
    /// trust policy, the caller's own policies across accounts, SCPs and RCPs decide exactly as for the
    /// API call, and the sign-in's MFA facts pass to the role session. On success the console session acts
    /// as that role session from now on. Returns nil when the console session is gone; throws the
    /// AssumeRole error (or a validation error for what was typed) when the switch is refused.
    public func switchRole(
        session token: OpaqueToken?, account accountText: String, role roleText: String, sourceIp: String,
        requestId: String
    ) async throws -> ConsoleSession.SwitchedRole? {
        let now = environment.clock.now
        let snapshot = store.snapshot()
        guard let (session, user) = liveSession(token, in: snapshot, at: now) else { return nil }
        let signedIn = Self.signedInPrincipal(session, user, in: snapshot.partition(of: session.account))
        let roleArn = try Self.switchRoleArn(account: accountText, role: roleText, in: signedIn.partition)
        let sessionName = signedIn.kind == .root ? "root" : signedIn.name
        let parameters = ["RoleArn": roleArn, "RoleSessionName": sessionName]
        let call = CallContext(
            principal: signedIn, requestId: requestId, now: now, sourceIp: sourceIp,
            conditions: RequestConditionKeys.context(
                principal: signedIn, now: now, sourceIp: sourceIp, region: "us-east-1", service: "sts",
                action: "AssumeRole", snapshot: snapshot, parameter: { parameters[$0] }))
        let assumed: TemporarySession
        do {
            let response = try await STSService(environment: environment).assumeRole(
                STS.AssumeRoleRequest(
                    roleArn: roleArn, roleSessionName: sessionName,
                    durationSeconds: Limits.roleChainingMaximumDuration), call)
            guard let token = response.credentials?.sessionToken, let opened = environment.sessionTokens.open(token)
            else {
                throw AWSError.serviceFailure("The role session could not be opened.")
            }
            assumed = opened
        } catch let error as AWSError {
            let event = Self.switchRoleEvent(
                session, roleArn: roleArn, success: false, requestId: requestId, sourceIp: sourceIp, at: now)
            try await store.write { tx in tx.append(event) }
            throw error
        }
        let switched = ConsoleSession.SwitchedRole(
            account: assumed.account, roleName: assumed.name, roleId: assumed.principalId, path: assumed.path,
            roleSessionName: sessionName, issuedAt: now,
            expiresAt: min(assumed.expiresAt, now.addingTimeInterval(Self.switchedRoleLifetime), session.expiresAt),
            mfaAuthenticatedAt: assumed.mfaAuthenticatedAt)
        return try await store.write { tx in
            guard var current = tx.get(ConsoleSession.self, session.idHash), current.expiresAt > now else {
                return nil
            }
            current.switchedRole = switched
            tx.put(current)
            tx.append(
                Self.switchRoleEvent(
                    session, roleArn: switched.roleArn(in: signedIn.partition), success: true, requestId: requestId,
                    sourceIp: sourceIp,
                    at: now))
            return switched
        }
    }

    /// "Switch back": the console acts as the signed-in principal again. Works whether or not the role
    /// session has ended.
    public func switchBack(session token: OpaqueToken?, sourceIp: String, requestId: String) async throws {
        guard let token else { return }
        let now = environment.clock.now
        try await store.write { tx in
            guard var session = tx.get(ConsoleSession.self, token.hash), let switched = session.switchedRole else {
                return
            }
            session.switchedRole = nil
            tx.put(session)
            let roleArn = switched.roleArn(in: tx.partition(of: session.account))
            tx.append(
                AuditEvent(
                    account: session.account, time: now, name: "ExitRole", userName: session.userName,
                    requestId: requestId, sourceIp: sourceIp, details: ["roleArn": roleArn]))
        }
    }

    /// The ARN of the role a person typed: an account id (dashes and spaces allowed, as AWS prints them)
    /// and a role name, with its path if it has one (`path/to/RoleName`); named in the signed-in principal's
    /// partition.
    static func switchRoleArn(account accountText: String, role roleText: String, in partition: Partition)
        throws(AWSError) -> String
    {
        let digits = accountText.filter { $0 != "-" && !$0.isWhitespace }
        guard let account = AccountID(digits) else {
            throw AWSError.validation("Enter the 12-digit ID of the account that owns the role.")
        }
        let typed = roleText.trimmingCharacters(in: .whitespaces)
        let name = String(typed.split(separator: "/", omittingEmptySubsequences: false).last ?? "")
        let folders = typed.split(separator: "/").dropLast()
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+=,.@_-")
        guard (1...64).contains(name.count), name.allSatisfy(allowed.contains),
            folders.allSatisfy({ $0.allSatisfy(allowed.contains) }), typed.count <= 512
        else {
            throw AWSError.validation(
                "Enter the role's name (letters, digits and +=,.@_-, at most 64), with its path if it has one.")
        }
        let path = folders.isEmpty ? "/" : "/" + folders.joined(separator: "/") + "/"
        return ARN.iam(partition, account: account.rawValue, "role\(path)\(name)")
    }

    /// The `SwitchRole` sign-in event AWS records, in the signed-in principal's account.
    static func switchRoleEvent(
        _ session: ConsoleSession, roleArn: String, success: Bool, requestId: String, sourceIp: String, at now: Date
    ) -> AuditEvent {
        AuditEvent(
            account: session.account, time: now, name: "SwitchRole", userName: session.userName,
            requestId: requestId, sourceIp: sourceIp,
            details: ["result": success ? "Success" : "Failure", "roleArn": roleArn])
    }
}

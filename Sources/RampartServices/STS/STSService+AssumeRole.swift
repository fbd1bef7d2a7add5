import Foundation
import RampartCore
import RampartPolicy
import RampartStore

extension STSService {
    public func assumeRole(_ input: STS.AssumeRoleRequest, _ call: CallContext) async throws -> STS.AssumeRoleResponse {
        let principal = call.principal
        guard let arn = ARN(parsing: input.roleArn), arn.service == "iam", arn.resource.hasPrefix("role/"),
            let roleAccount = AccountID(arn.account)
        else {
            throw AWSError.validation("\(input.roleArn) is invalid")
        }
        guard principal.kind != .root else {
            throw AWSError.accessDenied("Roles may not be assumed by root accounts.")
        }
        let snapshot = environment.store.snapshot()
        let roleName = String(arn.resource.split(separator: "/").last ?? "")
        let notAuthorized = AWSError.accessDenied(
            "User: \(principal.arn) is not authorized to perform: sts:AssumeRole on resource: \(input.roleArn)")
        // A role is reached only within the caller's partition: named there, and in an account of it.
        guard let role = snapshot.get(Role.self, Role.key(roleAccount, roleName)),
            role.arn(in: principal.partition) == input.roleArn,
            snapshot.get(Account.self, roleAccount.rawValue)?.effectivePartition == principal.partition
        else {
            throw notAuthorized
        }
        let roleArn = input.roleArn

        let mfaAt = try await verifyMFA(
            serialNumber: input.serialNumber, tokenCode: input.tokenCode, operation: "AssumeRole", call)
        // The trust policy sees this call's MFA: a valid TokenCode makes it present, age 0.
        var conditions = call.conditions
        if let mfaAt {
            conditions.set("aws:MultiFactorAuthPresent", .string("true"))
            conditions.set("aws:MultiFactorAuthAge", .string(String(max(0, Int(call.now.timeIntervalSince(mfaAt))))))
        }
        let request = AuthorizationRequest(
            principal: principal, action: "sts:AssumeRole", resource: roleArn, resourceAccount: role.account.rawValue,
            context: conditions)
        if case .deny = environment.authorizer.authorizeAssumeRole(request, role: role, in: snapshot) {
            throw notAuthorized
        }

        let chained = principal.kind == .assumedRole
        let duration = input.durationSeconds ?? 3600
        if chained && duration > Limits.roleChainingMaximumDuration {
            throw AWSError.validation(
                "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.")
        }
        if duration > role.maxSessionDuration {
            throw AWSError.validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
        }
        let packed = try Self.checkSessionPolicies(policy: input.policy, tags: input.tags, policyArns: input.policyArns)

        var session = TemporarySession(
            source: .assumeRole, accessKeyId: AccessKeyMaterial.newTemporaryId(account: role.account),
            secretAccessKey: AccessKeyMaterial.newSecret(), account: role.account, kind: .assumedRole, name: role.name,
            path: role.path, principalId: role.id, roleSessionName: input.roleSessionName, issuedAt: call.now,
            expiresAt: call.now.addingTimeInterval(TimeInterval(duration)))
        // A session that was itself MFA-authenticated hands that fact on to the role it assumes.
        session.mfaAuthenticatedAt = mfaAt ?? principal.session?.mfaAuthenticatedAt
        session.sessionPolicy = input.policy
        session.sessionPolicyArns = input.policyArns?.compactMap(\.arn) ?? []
        session.tags = input.tags?.map { Tag(key: $0.key, value: $0.value) } ?? []
        session.sourceIdentity = input.sourceIdentity

        try await recordUse(of: role, call)
        let issued = try credentials(for: session)
        let assumedRoleUser = STS.AssumedRoleUser(
            assumedRoleId: "\(role.id):\(input.roleSessionName)",
            arn: ARN.sts(
                principal.partition, account: role.account.rawValue,
                "assumed-role/\(role.name)/\(input.roleSessionName)"))
        TrailResponseElements.report(
            TrailResponseElements.credentials(
                issued, assumedRoleUser: assumedRoleUser, sourceIdentity: input.sourceIdentity))
        return STS.AssumeRoleResponse(
            credentials: issued, assumedRoleUser: assumedRoleUser,
            packedPolicySize: packed > 0 ? packed : nil, sourceIdentity: input.sourceIdentity)
    }

    /// A role's last use, as GetRole reports it (`RoleLastUsed`): bookkeeping of every call that opens a
    /// session of it.
    func recordUse(of role: Role, _ call: CallContext) async throws {
        let lastUsed = call.now
        let region = call.region
        try await environment.store.write { tx in
            guard var current = tx.get(Role.self, role.recordKey) else { return }
            current.lastUsedDate = lastUsed
            current.lastUsedRegion = region
            tx.put(current)
        }
    }

    /// A session's inline policy must parse, and its policies and tags fit AWS's packed space; returns the
    /// percentage of it they use (0 for none), as AssumeRole and GetFederationToken report it.
    static func checkSessionPolicies(policy: String?, tags: [STS.Tag]?, policyArns: [STS.PolicyDescriptorType]?)
        throws(AWSError) -> Int
    {
        if let policy {
            do {
                _ = try PolicyDocument(json: policy, kind: .identity)
            } catch {
                throw AWSError.malformedPolicyDocument(error.message)
            }
        }
        let packed = packedPolicySize(policy: policy, tags: tags, policyArns: policyArns)
        if packed > 100 {
            throw AWSError(
                code: "PackedPolicyTooLarge",
                message: "Packed policy consumes \(packed)% of allotted space, please use smaller policy.")
        }
        return packed
    }

    /// AWS reports session policies and tags as a percentage of the packed space they use.
    static func packedPolicySize(policy: String?, tags: [STS.Tag]?, policyArns: [STS.PolicyDescriptorType]?) -> Int {
        let policyCharacters = policy.map(PolicyDocument.size(of:)) ?? 0
        let tagCharacters = tags?.reduce(0) { $0 + $1.key.count + $1.value.count } ?? 0
        let arns = policyArns?.count ?? 0
        guard policyCharacters + tagCharacters + arns > 0 else { return 0 }
        return max(1, (policyCharacters * 100 / Limits.sessionPolicySize) + tagCharacters / 20 + arns * 3)
    }
}

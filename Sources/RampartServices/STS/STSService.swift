import Foundation
import RampartCore
import RampartPolicy
import RampartStore

/// The STS operations: who am I, session tokens, role sessions and access key lookups.
public struct STSService: STSHandler {
    let environment: ServiceEnvironment

    public init(environment: ServiceEnvironment) {
        self.environment = environment
    }

    public func getCallerIdentity(_ input: STS.GetCallerIdentityRequest, _ call: CallContext) async throws
        -> STS.GetCallerIdentityResponse
    {
        let principal = call.principal
        return STS.GetCallerIdentityResponse(
            userId: principal.userId, account: principal.account.rawValue, arn: principal.arn)
    }

    public func getAccessKeyInfo(_ input: STS.GetAccessKeyInfoRequest, _ call: CallContext) async throws
        -> STS.GetAccessKeyInfoResponse
    {
        if let key = environment.store.snapshot().get(AccessKey.self, input.accessKeyId) {
            return STS.GetAccessKeyInfoResponse(account: key.account.rawValue)
        }
        if let account = AccessKeyMaterial.account(ofTemporaryId: input.accessKeyId) {
            return STS.GetAccessKeyInfoResponse(account: account.rawValue)
        }
        throw AWSError.invalidInput("The access key ID \(input.accessKeyId) is not valid.")
    }

    public func getSessionToken(_ input: STS.GetSessionTokenRequest, _ call: CallContext) async throws
        -> STS.GetSessionTokenResponse
    {
        let principal = call.principal
        guard principal.session == nil else {
            throw AWSError.accessDenied("Cannot call GetSessionToken with session credentials")
        }
        var duration = input.durationSeconds ?? Limits.defaultSessionTokenDuration
        if principal.kind == .root {
            // AWS caps root sessions at one hour instead of refusing longer requests.
            duration = min(
                input.durationSeconds ?? Limits.rootSessionTokenDuration.upperBound,
                Limits.rootSessionTokenDuration.upperBound)
        }
        let mfaAt = try await verifyMFA(
            serialNumber: input.serialNumber, tokenCode: input.tokenCode, operation: "GetSessionToken", call)
        let path =
            principal.kind == .user
            ? (environment.store.snapshot().user(of: principal)?.path ?? "/")
            : "/"
        var session = TemporarySession(
            source: .getSessionToken, accessKeyId: AccessKeyMaterial.newTemporaryId(account: principal.account),
            secretAccessKey: AccessKeyMaterial.newSecret(), account: principal.account, kind: principal.kind,
            name: principal.name, path: path, principalId: principal.userId, roleSessionName: nil,
            issuedAt: call.now, expiresAt: call.now.addingTimeInterval(TimeInterval(duration)))
        session.mfaAuthenticatedAt = mfaAt
        let issued = try credentials(for: session)
        TrailResponseElements.report(TrailResponseElements.credentials(issued))
        return STS.GetSessionTokenResponse(credentials: issued)
    }

    /// Verifies an MFA code when one is given and returns when it was verified; nil when the
    /// caller sent neither serial number nor code. The device must be enabled for the caller (an
    /// IAM user or root with long-term keys); the code is consumed through the MFA gate, so it
    /// works once, and failures count toward the caller's lockout.
    func verifyMFA(serialNumber: String?, tokenCode: String?, operation: String, _ call: CallContext) async throws
        -> Date?
    {
        guard serialNumber != nil || tokenCode != nil else { return nil }
        guard let serialNumber, let tokenCode else {
            throw AWSError.accessDenied(
                "MultiFactorAuthentication failed, both SerialNumber and TokenCode are required.")
        }
        let unableToValidate = AWSError.accessDenied(
            "MultiFactorAuthentication failed, unable to validate MFA code.  "
                + "Please verify your MFA serial number is valid and associated with this user.")
        let principal = call.principal
        // The owner the device must be enabled for; role sessions have no devices of their own.
        let owner: String?
        switch principal.kind {
        case .user: owner = principal.name
        case .root: owner = nil
        case .assumedRole, .federatedUser: throw unableToValidate
        }
        let gate = MFAGate(secrets: environment.secrets, audit: MFAGate.Audit(operation: operation, call))
        let outcome: MFAOutcome = try await environment.store.write { tx in
            guard let device = tx.get(MFADevice.self, MFADevice.key(principal.account, serialNumber)),
                device.isAssigned(to: owner)
            else { throw unableToValidate }
            return gate.check(.single(tokenCode), device: device, userName: owner, at: call.now, in: &tx)
        }
        environment.metrics.mfaChecked(.totp, MFACheckResult(outcome))
        switch outcome {
        case .accepted:
            return call.now
        case .rejected:
            throw AWSError.accessDenied("MultiFactorAuthentication failed with invalid MFA one time pass code. ")
        case .lockedOut(let until):
            throw AWSError.accessDenied(
                "MultiFactorAuthentication failed: too many invalid MFA codes; try again after "
                    + "\(Timestamp.iso8601(until)).")
        }
    }

    func credentials(for session: TemporarySession) throws -> STS.Credentials {
        STS.Credentials(
            accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey,
            sessionToken: try environment.sessionTokens.seal(session), expiration: session.expiresAt)
    }
}

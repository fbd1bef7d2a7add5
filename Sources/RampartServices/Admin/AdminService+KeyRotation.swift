import RampartCore
import RampartStore

extension AdminService {
    /// Starts (or resumes) moving every sealed secret to a new master key; returns at once with the
    /// status, which `masterKeyRotationStatus` follows.
    public func rotateMasterKey(_ pacing: MasterKeyRotation.Pacing, _ call: CallContext) async throws
        -> MasterKeyRotation.Status
    {
        try await rotation(call).rotate(pacing)
    }

    public func masterKeyRotationStatus(_ call: CallContext) async throws -> MasterKeyRotation.Status {
        try await rotation(call).report()
    }

    private func rotation(_ call: CallContext) throws -> MasterKeyRotation {
        try requireOperator(call, "rotate the server's keys")
        guard let rotation = environment.masterKeyRotation else {
            throw AWSError.serviceFailure("This server was started without a master key file to rotate.")
        }
        return rotation
    }
}

extension AdminService {
    func requireOperator(_ call: CallContext, _ what: String) throws(AWSError) {
        guard Bootstrap.operatorAccount(environment.store.snapshot())?.id == call.principal.account else {
            throw AWSError.accessDenied("Only principals of the operator account may \(what).")
        }
    }

    /// Replaces the audit trail's signing key; the store keeps the public key history.
    public func rotateAuditSigningKey(_ call: CallContext) async throws -> AuditSigningKeyRotation.Outcome {
        try requireOperator(call, "rotate the server's keys")
        guard let rotation = environment.auditKeyRotation else {
            throw AWSError.serviceFailure("This server was started without an audit signing key file to rotate.")
        }
        return try await rotation.rotate()
    }
}

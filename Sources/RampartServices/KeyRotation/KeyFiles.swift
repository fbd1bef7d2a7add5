import RampartStore

/// Where a server's key files are, for the rotations that rewrite them, and the audit signer the
/// digest writer reads.
public struct KeyFiles: Sendable {
    public var masterKey: String
    public var auditSigningKey: String
    public var auditSigner: TrailSigner
    /// Why this server may not rotate its keys (a fleet on one database), nil when it may.
    public var rotationRefusal: String?

    public init(masterKey: String, auditSigningKey: String, auditSigner: TrailSigner, rotationRefusal: String?) {
        self.masterKey = masterKey
        self.auditSigningKey = auditSigningKey
        self.auditSigner = auditSigner
        self.rotationRefusal = rotationRefusal
    }
}

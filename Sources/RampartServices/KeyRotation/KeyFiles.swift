import RampartStore

/// Where a server's key files are, for the rotations that rewrite them, and the audit signer the
/// digest writer reads.
public struct KeyFiles: Sendable {
    public var masterKey: String
    public var auditSigningKey: String
    public var auditSigner: TrailSigner
    /// Why this server may not rotate its keys, nil when it may.
    public var rotationRefusal: String?
    /// On a fleet (PostgreSQL), what the instances announce of their master keys; nil on one server.
    public var fleet: (any FleetKeyRegistry)?

    public init(
        masterKey: String, auditSigningKey: String, auditSigner: TrailSigner, rotationRefusal: String?,
        fleet: (any FleetKeyRegistry)? = nil
    ) {
        self.masterKey = masterKey
        self.auditSigningKey = auditSigningKey
        self.auditSigner = auditSigner
        self.rotationRefusal = rotationRefusal
        self.fleet = fleet
    }
}

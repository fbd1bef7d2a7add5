/// Every policy that applies to one request, grouped as AWS's evaluation logic groups them.
public struct PolicySet: Sendable {
    /// The caller's identity policies: user inline and attached, its groups', or the role's.
    public var identity: [CompiledPolicy]
    /// The resource-based policy of the resource, or the role trust policy for sts:AssumeRole.
    public var resource: CompiledPolicy?
    /// nil: the caller has no permissions boundary. A set boundary must allow identity-based grants.
    public var permissionsBoundary: [CompiledPolicy]?
    /// nil: not a session with session policies. Otherwise the session policies must allow; pass [] for a
    /// federated-user session created without one (which, as AWS documents, then has no permissions).
    public var session: [CompiledPolicy]?
    /// SCP levels from the organization root down to the account; every level must allow. [] = none apply
    /// (not in an organization, or the management account).
    public var scp: [[CompiledPolicy]]
    /// RCP levels for the resource's account, same rule as SCPs.
    public var rcp: [[CompiledPolicy]]

    public init(
        identity: [CompiledPolicy] = [], resource: CompiledPolicy? = nil, permissionsBoundary: [CompiledPolicy]? = nil,
        session: [CompiledPolicy]? = nil, scp: [[CompiledPolicy]] = [], rcp: [[CompiledPolicy]] = []
    ) {
        self.identity = identity
        self.resource = resource
        self.permissionsBoundary = permissionsBoundary
        self.session = session
        self.scp = scp
        self.rcp = rcp
    }
}

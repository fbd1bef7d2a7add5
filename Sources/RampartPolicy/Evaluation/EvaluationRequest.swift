/// One authorization question: may this principal perform this action on this resource, in this context?
public struct EvaluationRequest: Sendable {
    /// The caller: an IAM user, role or root ARN, an assumed-role session ARN, a federated-user ARN, or a
    /// service principal such as "ec2.amazonaws.com".
    public var principal: String
    /// The caller's account (12 digits). When nil it is read from the principal ARN.
    public var principalAccount: String?
    /// "service:Operation", matched case-insensitively.
    public var action: String
    /// The resource ARN, or "*" for actions that have no resource.
    public var resource: String
    /// The account that owns the resource. When nil the resource is taken to be in the caller's account.
    public var resourceAccount: String?
    /// Context keys (aws:MultiFactorAuthPresent, aws:username, aws:PrincipalTag/…). The evaluator adds
    /// nothing implicitly: policy variables such as ${aws:username} read this context too.
    public var context: ConditionContext

    public init(
        principal: String, principalAccount: String?, action: String, resource: String, resourceAccount: String?,
        context: ConditionContext
    ) {
        self.principal = principal
        self.principalAccount = principalAccount
        self.action = action
        self.resource = resource
        self.resourceAccount = resourceAccount
        self.context = context
    }
}

/// The outcome of evaluation, named as SimulatePrincipalPolicy's EvalDecision values are.
public enum Decision: String, Sendable {
    case allow = "Allow"
    case explicitDeny = "ExplicitDeny"
    case implicitDeny = "ImplicitDeny"
}

/// One part of a policy string: literal text, a wildcard, or a policy variable.
enum TemplatePiece: Sendable, Equatable {
    case text(String)
    /// `*`: any run of characters.
    case anyRun
    /// `?`: exactly one character.
    case anyOne
    case variable(PolicyVariable)
}

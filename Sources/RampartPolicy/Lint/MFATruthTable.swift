/// Renders the truth-table row a statement produces, so every finding can show which credentials get through.
enum MFATruthTable {
    /// E.g. "long-term access key (MFA keys absent): not denied; temporary credentials without MFA
    /// (MultiFactorAuthPresent false): denied; temporary credentials with MFA: not denied".
    static func row(effect: LintStatement.Effect, profile: MFAProfile) -> String {
        let verb = effect == .deny ? "denied" : "allowed"
        let outcome = { (context: MFACredentialContext) in
            profile.matched.contains(context) ? verb : "not \(verb)"
        }
        var cells = [MFACredentialContext.longTermKey, .sessionWithoutMFA].map { "\($0.label): \(outcome($0))" }
        if profile.usesAge {
            cells += [MFACredentialContext.sessionWithRecentMFA, .sessionWithOldMFA].map {
                "\($0.label): \(outcome($0))"
            }
        } else {
            // Without an age test both MFA columns always agree.
            cells.append(
                "temporary credentials with MFA (MultiFactorAuthPresent true): \(outcome(.sessionWithRecentMFA))")
        }
        return "Truth table for this statement — " + cells.joined(separator: "; ") + "."
    }
}

/// One wildcard pattern compiled from a policy string: an Action name, a Resource ARN, a StringLike or
/// ArnLike value. PatternList stores and matches them.
///
/// The program has one entry per literal byte, one per wildcard and one per policy variable. ARN patterns
/// mark which wildcards may match a colon, because IAM matches ARNs part by part.
struct GlobPattern: Sendable, Equatable {
    /// How a pattern treats colons and case.
    enum Rules: Sendable, Equatable {
        /// Action names: case-insensitive, wildcards match anything.
        case action
        /// StringLike: case-sensitive, wildcards match anything.
        case text
        /// The Resource element: wildcards stay inside their colon-separated ARN part, except that a `*`
        /// ending a part "can expand to match beyond the colon boundaries" (IAM Resource element reference)
        /// and the sixth part (the resource) may itself hold colons.
        case resource
        /// ArnLike/ArnEquals: "each of the six colon-delimited components of the ARN is checked separately";
        /// a value without six parts matches nothing.
        case arnCondition
    }

    let program: [UInt16]
    let variables: [PolicyVariable]
    let rules: Rules
    let shape: GlobMatcher.Shape

    init(_ template: PolicyTemplate, rules: Rules) {
        self.rules = rules
        var program = [UInt16]()
        var variables = [PolicyVariable]()
        var colons = 0
        for (position, piece) in template.pieces.enumerated() {
            switch piece {
            case .text(let text):
                for byte in text.utf8 {
                    if byte == UInt8(ascii: ":") { colons += 1 }
                    program.append(UInt16(rules == .action ? GlobMatcher.fold(byte) : byte))
                }
            case .variable(let variable):
                program.append(GlobMatcher.variableBase + UInt16(variables.count))
                variables.append(variable)
            case .anyRun, .anyOne:
                let next = position + 1 < template.pieces.count ? template.pieces[position + 1] : nil
                program.append(Self.wildcard(isRun: piece == .anyRun, colonsBefore: colons, next: next, rules: rules))
            }
        }
        self.program = program
        self.variables = variables
        shape = program.withUnsafeBufferPointer { GlobMatcher.shape(of: $0) }
    }

    /// Whether a wildcard may match a colon under the pattern's rules.
    private static func wildcard(isRun: Bool, colonsBefore: Int, next: TemplatePiece?, rules: Rules) -> UInt16 {
        var confined = (rules == .resource || rules == .arnCondition) && colonsBefore < 5
        if confined, isRun, rules == .resource {
            // A `*` that ends its part (end of text, or a colon next) may run past the colon.
            if next == nil { confined = false }
            if case .text(let text) = next, text.utf8.first == UInt8(ascii: ":") { confined = false }
        }
        if isRun { return confined ? GlobMatcher.anyRunInPart : GlobMatcher.anyRun }
        return confined ? GlobMatcher.anyOneInPart : GlobMatcher.anyOne
    }

    var hasVariables: Bool { !variables.isEmpty }

    static func hasSixParts(_ program: UnsafeBufferPointer<UInt16>) -> Bool {
        var colons = 0
        for op in program where op == UInt16(UInt8(ascii: ":")) { colons += 1 }
        return colons >= 5
    }
}

/// A policy string (a Resource, a condition value) split into literal text, wildcards and variables.
struct PolicyTemplate: Sendable, Equatable {
    var pieces: [TemplatePiece]

    /// - Parameters:
    ///   - wildcards: whether `*` and `?` are wildcards here (Resource, StringLike, ArnLike) or plain text.
    ///   - variables: whether `${…}` is a variable; IAM substitutes only under Version 2012-10-17, and treats
    ///     the text literally under 2008-10-17 or when Version is missing.
    ///   - variablesAfterColons: how many colons must come first. IAM allows variables in a Resource "only in
    ///     the resource portion of the ARN", after the fifth colon; earlier ones stay literal text.
    init(_ text: String, wildcards: Bool, variables: Bool, variablesAfterColons: Int = 0) {
        var pieces = [TemplatePiece]()
        var literal = ""
        func flush() {
            if !literal.isEmpty { pieces.append(.text(literal)) }
            literal = ""
        }
        let scalars = Array(text.unicodeScalars)
        var index = 0
        var colons = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == ":" { colons += 1 }
            if variables, colons >= variablesAfterColons, scalar == "$", index + 1 < scalars.count,
                scalars[index + 1] == "{",
                let (piece, next) = Self.variable(in: scalars, openingAt: index)
            {
                if case .text(let text) = piece {
                    literal += text
                } else {
                    flush()
                    pieces.append(piece)
                }
                index = next
                continue
            }
            if wildcards, scalar == "*" || scalar == "?" {
                flush()
                // Adjacent stars mean the same as one; merging them keeps the matcher's work linear.
                if scalar == "?" {
                    pieces.append(.anyOne)
                } else if pieces.last != .anyRun {
                    pieces.append(.anyRun)
                }
            } else {
                literal.unicodeScalars.append(scalar)
            }
            index += 1
        }
        flush()
        self.pieces = pieces
    }

    var hasVariables: Bool {
        pieces.contains { if case .variable = $0 { true } else { false } }
    }

    var variables: [PolicyVariable] {
        pieces.compactMap { if case .variable(let variable) = $0 { variable } else { nil } }
    }

    /// The text with variables substituted; only meaningful for templates without wildcards.
    func resolved(in context: ConditionContext) -> String? {
        var result = ""
        for piece in pieces {
            switch piece {
            case .text(let text): result += text
            case .anyRun: result += "*"
            case .anyOne: result += "?"
            case .variable(let variable):
                guard let value = variable.value(in: context) else { return nil }
                result += value
            }
        }
        return result
    }

    /// Parses `${key}`, `${key, 'default'}` and the escapes `${*}`, `${?}`, `${$}` (which stand for the
    /// literal characters). Returns nil when the braces do not close, so the text stays literal.
    private static func variable(
        in scalars: [Unicode.Scalar], openingAt start: Int
    ) -> (TemplatePiece, Int)? {
        var index = start + 2
        var key = ""
        while index < scalars.count, scalars[index] != "}", scalars[index] != "," {
            key.unicodeScalars.append(scalars[index])
            index += 1
        }
        guard index < scalars.count else { return nil }
        var defaultValue: String?
        if scalars[index] == "," {
            index += 1
            while index < scalars.count, scalars[index] == " " { index += 1 }
            guard index < scalars.count, scalars[index] == "'" else { return nil }
            index += 1
            var text = ""
            while index < scalars.count, scalars[index] != "'" {
                text.unicodeScalars.append(scalars[index])
                index += 1
            }
            guard index < scalars.count else { return nil }
            index += 1
            while index < scalars.count, scalars[index] == " " { index += 1 }
            guard index < scalars.count, scalars[index] == "}" else { return nil }
            defaultValue = text
        }
        let name = key.trimmingSpaces()
        if ["*", "?", "$"].contains(name), defaultValue == nil { return (.text(name), index + 1) }
        guard !name.isEmpty else { return nil }
        return (.variable(PolicyVariable(key: name, defaultValue: defaultValue)), index + 1)
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var scalars = Substring(self).unicodeScalars
        while scalars.first == " " { scalars.removeFirst() }
        while scalars.last == " " { scalars.removeLast() }
        return String(scalars)
    }
}

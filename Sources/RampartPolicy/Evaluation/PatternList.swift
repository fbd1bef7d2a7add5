/// The patterns of one Action, Resource or StringLike/ArnLike list, stored in one buffer: evaluation
/// walks these for every statement of every policy, and one array per list (rather than one per pattern)
/// keeps that walk free of reference counting.
struct PatternList: Sendable {
    fileprivate struct Entry: Sendable {
        var start: Int
        var count: Int
        var shape: GlobMatcher.Shape
        var hasVariables: Bool
        /// For action patterns, see ServiceDigest.
        var service: UInt32
    }

    private let program: [UInt16]
    private let entries: [Entry]
    /// Variables of all patterns; a variable op holds its index here.
    let variables: [PolicyVariable]
    let rules: GlobPattern.Rules

    /// Patterns in groups (one group per statement for an action table); `groups[i]` is the range of
    /// entries that belong to group i.
    let groups: [Range<Int>]

    init(_ patterns: [GlobPattern], rules: GlobPattern.Rules) {
        self.init(groups: [patterns], rules: rules)
    }

    init(groups patternGroups: [[GlobPattern]], rules: GlobPattern.Rules) {
        var program = [UInt16]()
        var entries = [Entry]()
        var variables = [PolicyVariable]()
        var groups = [Range<Int>]()
        for patterns in patternGroups {
            let firstEntry = entries.count
            for pattern in patterns {
                let start = program.count
                for op in pattern.program {
                    if op >= GlobMatcher.variableBase {
                        program.append(GlobMatcher.variableBase + UInt16(variables.count))
                        variables.append(pattern.variables[Int(op - GlobMatcher.variableBase)])
                    } else {
                        program.append(op)
                    }
                }
                entries.append(
                    Entry(
                        start: start, count: program.count - start, shape: pattern.shape,
                        hasVariables: pattern.hasVariables,
                        service: rules == .action ? ServiceDigest.of(pattern: pattern.program) : 0))
            }
            groups.append(firstEntry..<entries.count)
        }
        self.program = program
        self.entries = entries
        self.variables = variables
        self.groups = groups
        self.rules = rules
    }

    /// Whether any pattern matches the input.
    func containsMatch(_ input: UnsafeBufferPointer<UInt8>, in context: ConditionContext) -> Bool {
        withView { $0.containsMatch(entries: 0..<$0.entryCount, input, in: context) }
    }

    /// Lends the list's storage for a run of matches, so that a caller matching many groups (an action
    /// table) touches each array once rather than once per group.
    func withView<Result>(_ body: (View) -> Result) -> Result {
        program.withUnsafeBufferPointer { program in
            entries.withUnsafeBufferPointer { entries in
                body(View(program: program, entries: entries, list: self))
            }
        }
    }

    struct View {
        fileprivate let program: UnsafeBufferPointer<UInt16>
        fileprivate let entries: UnsafeBufferPointer<Entry>
        fileprivate let list: PatternList

        var entryCount: Int { entries.count }

        /// - Parameter service: the input's ServiceDigest for action lists (patterns of other services are
        ///   skipped unseen), or 0 to try every pattern.
        func containsMatch(
            entries range: Range<Int>, _ input: UnsafeBufferPointer<UInt8>, in context: ConditionContext,
            service: UInt32 = 0
        ) -> Bool {
            let rules = list.rules
            for index in range {
                let entry = entries[index]
                if service != 0, entry.service != 0, entry.service != service { continue }
                let pattern = UnsafeBufferPointer(rebasing: program[entry.start..<(entry.start + entry.count)])
                if entry.hasVariables {
                    if list.resolvedMatch(pattern, input, in: context) { return true }
                } else if rules != .arnCondition || GlobPattern.hasSixParts(pattern),
                    GlobMatcher.match(pattern, shape: entry.shape, foldsCase: rules == .action, input)
                {
                    return true
                }
            }
            return false
        }
    }

    /// Substitutes the variables into a stack buffer, then matches; a variable without a value matches
    /// nothing. Values longer than the buffer's spare room (rare: user names and tags are short) take a
    /// second, exactly sized pass.
    fileprivate func resolvedMatch(
        _ pattern: UnsafeBufferPointer<UInt16>, _ input: UnsafeBufferPointer<UInt8>, in context: ConditionContext
    ) -> Bool {
        let spare = 256
        let fitted: Bool? = withUnsafeTemporaryAllocation(of: UInt16.self, capacity: pattern.count + spare) {
            substituteAndMatch(pattern, input, in: context, into: $0)
        }
        if let fitted { return fitted }
        var extra = 0
        for op in pattern where op >= GlobMatcher.variableBase {
            extra += variables[Int(op - GlobMatcher.variableBase)].value(in: context)?.utf8.count ?? 0
        }
        return withUnsafeTemporaryAllocation(of: UInt16.self, capacity: pattern.count + extra) {
            substituteAndMatch(pattern, input, in: context, into: $0) ?? false
        }
    }

    /// Nil when the buffer is too small for the substituted pattern.
    private func substituteAndMatch(
        _ pattern: UnsafeBufferPointer<UInt16>, _ input: UnsafeBufferPointer<UInt8>, in context: ConditionContext,
        into buffer: UnsafeMutableBufferPointer<UInt16>
    ) -> Bool? {
        var count = 0
        for op in pattern {
            guard op >= GlobMatcher.variableBase else {
                guard count < buffer.count else { return nil }
                buffer[count] = op
                count += 1
                continue
            }
            guard let value = variables[Int(op - GlobMatcher.variableBase)].value(in: context) else { return false }
            for byte in value.utf8 {
                guard count < buffer.count else { return nil }
                buffer[count] = UInt16(rules == .action ? GlobMatcher.fold(byte) : byte)
                count += 1
            }
        }
        let resolved = UnsafeBufferPointer(rebasing: buffer[..<count])
        if rules == .arnCondition && !GlobPattern.hasSixParts(resolved) { return false }
        return GlobMatcher.match(resolved, shape: GlobMatcher.shape(of: resolved), foldsCase: rules == .action, input)
    }
}

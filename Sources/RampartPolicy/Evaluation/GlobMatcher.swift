/// Matching of compiled wildcard programs (see GlobPattern) against UTF-8 input. Works on borrowed buffers
/// so that a pattern whose variables were substituted on the stack matches without allocating.
enum GlobMatcher {
    static let anyRun: UInt16 = 0x100
    static let anyOne: UInt16 = 0x101
    static let anyRunInPart: UInt16 = 0x102
    static let anyOneInPart: UInt16 = 0x103
    static let variableBase: UInt16 = 0x200

    /// How `match` runs, chosen from the program's shape.
    enum Shape: Sendable, Equatable {
        case anything
        case exact
        case prefix
        /// Every wildcard may match any character: one backtracking point suffices.
        case unbounded
        /// Some wildcard may not match a colon: simulate all positions at once.
        case bounded
    }

    static func shape(of program: UnsafeBufferPointer<UInt16>) -> Shape {
        var wildcards = 0
        var confined = false
        for op in program where op >= anyRun && op < variableBase {
            wildcards += 1
            confined = confined || op == anyRunInPart || op == anyOneInPart
        }
        if wildcards == 0 { return .exact }
        if confined { return .bounded }
        if program.count == 1 && program[0] == anyRun { return .anything }
        if wildcards == 1 && program.last == anyRun { return .prefix }
        return .unbounded
    }

    @inline(__always)
    static func fold(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }

    /// - Parameter foldsCase: fold ASCII input to lowercase (the program is already folded).
    static func match(
        _ program: UnsafeBufferPointer<UInt16>, shape: Shape, foldsCase: Bool, _ input: UnsafeBufferPointer<UInt8>
    ) -> Bool {
        let matcher = Run(program: program, foldsCase: foldsCase, input: input)
        switch shape {
        case .anything: return true
        case .exact: return input.count == program.count && matcher.literalsMatch(count: input.count)
        case .prefix: return input.count >= program.count - 1 && matcher.literalsMatch(count: program.count - 1)
        case .unbounded: return matcher.unbounded()
        case .bounded: return matcher.bounded()
        }
    }

    private struct Run {
        let program: UnsafeBufferPointer<UInt16>
        let foldsCase: Bool
        let input: UnsafeBufferPointer<UInt8>

        @inline(__always)
        func byte(_ index: Int) -> UInt16 { UInt16(foldsCase ? GlobMatcher.fold(input[index]) : input[index]) }

        func literalsMatch(count: Int) -> Bool {
            var index = 0
            while index < count {
                if program[index] != byte(index) { return false }
                index += 1
            }
            return true
        }

        /// Greedy matching with one backtracking point (the last `*`), correct when every wildcard may match
        /// any character: a later `*` can always absorb what an earlier one would have.
        func unbounded() -> Bool {
            var patternIndex = 0
            var inputIndex = 0
            var starPattern = -1
            var starInput = 0
            while inputIndex < input.count {
                if patternIndex < program.count {
                    let op = program[patternIndex]
                    if op == GlobMatcher.anyRun {
                        starPattern = patternIndex
                        starInput = inputIndex
                        patternIndex += 1
                        continue
                    }
                    if op == GlobMatcher.anyOne, UTF8Scalars.isStart(input[inputIndex]) {
                        patternIndex += 1
                        inputIndex += UTF8Scalars.length(input, at: inputIndex)
                        continue
                    }
                    if op == byte(inputIndex) {
                        patternIndex += 1
                        inputIndex += 1
                        continue
                    }
                }
                guard starPattern >= 0 else { return false }
                starInput += 1
                inputIndex = starInput
                patternIndex = starPattern + 1
            }
            while patternIndex < program.count, program[patternIndex] == GlobMatcher.anyRun { patternIndex += 1 }
            return patternIndex == program.count
        }

        /// Position-set simulation for patterns whose wildcards may not match a colon: every reachable
        /// pattern position is tracked at once, so the cost is input length × pattern length at worst (never
        /// exponential, whatever a policy author writes) in stack memory only.
        func bounded() -> Bool {
            let count = program.count
            return withUnsafeTemporaryAllocation(of: Bool.self, capacity: 2 * (count + 1)) { buffer in
                buffer.initialize(repeating: false)
                var current = UnsafeMutableBufferPointer(rebasing: buffer[0...count])
                var next = UnsafeMutableBufferPointer(rebasing: buffer[(count + 1)...])
                current[0] = true
                skipEmptyRuns(current)
                var inputIndex = 0
                while inputIndex < input.count {
                    let length = UTF8Scalars.length(input, at: inputIndex)
                    let isColon = input[inputIndex] == UInt8(ascii: ":")
                    next.update(repeating: false)
                    var alive = false
                    for position in 0..<count where current[position] {
                        let target = step(from: position, at: inputIndex, length: length, isColon: isColon)
                        if target >= 0 {
                            next[target] = true
                            alive = true
                        }
                    }
                    guard alive else { return false }
                    skipEmptyRuns(next)
                    swap(&current, &next)
                    inputIndex += length
                }
                return current[count]
            }
        }

        /// The position reached from `position` by consuming the character at `inputIndex`, or -1.
        private func step(from position: Int, at inputIndex: Int, length: Int, isColon: Bool) -> Int {
            switch program[position] {
            case GlobMatcher.anyRun: return position
            case GlobMatcher.anyRunInPart: return isColon ? -1 : position
            case GlobMatcher.anyOne: return position + 1
            case GlobMatcher.anyOneInPart: return isColon ? -1 : position + 1
            default:
                guard position + length <= program.count else { return -1 }
                for offset in 0..<length where program[position + offset] != byte(inputIndex + offset) { return -1 }
                return position + length
            }
        }

        /// A `*` may match nothing, so a reachable `*` makes the position after it reachable too.
        private func skipEmptyRuns(_ positions: UnsafeMutableBufferPointer<Bool>) {
            for position in 0..<program.count where positions[position] {
                let op = program[position]
                if op == GlobMatcher.anyRun || op == GlobMatcher.anyRunInPart { positions[position + 1] = true }
            }
        }
    }
}

/// Matching for the model patterns that a one-pass scan cannot decide, such as Organizations'
/// email `[^\s@]+@[^\s@]+\.[^\s@]+`, where the last `.` decides where the domain ends: the
/// pattern's atoms, expanded into at most 63 items (`x+` is `x` then `x*`), and the set of items
/// the value may have reached so far, one bit each. Every scalar costs a few bit operations, so
/// matching is linear in the value whatever it holds; a backtracking regex engine is quadratic here.
///
/// Bit `i` of the state means "the next scalar may match item `i`"; bit `itemCount` means "the
/// whole pattern matched". The generated code (codegen/java_pattern.py) passes which items repeat
/// (`x*`), which may be skipped (`x?`, `x*`), and for each scalar the items whose class holds it.
public enum PatternAutomaton {
    @inline(__always)
    public static func matches(
        _ scalars: String.UnicodeScalarView, itemCount: Int, repeating: UInt64, skippable: UInt64,
        accepting: (Unicode.Scalar) -> UInt64
    ) -> Bool {
        var state = closure(1, skippable)
        for scalar in scalars {
            let matched = state & accepting(scalar)
            if matched == 0 { return false }
            // A repeating item may match again; any other moves on to the next item.
            state = closure((matched & repeating) | ((matched & ~repeating) << 1), skippable)
        }
        return state & (1 << UInt64(itemCount)) != 0
    }

    /// `state` with every item reachable by skipping optional items.
    @inline(__always)
    static func closure(_ state: UInt64, _ skippable: UInt64) -> UInt64 {
        var state = state
        while true {
            let next = state | ((state & skippable) << 1)
            if next == state { return state }
            state = next
        }
    }
}

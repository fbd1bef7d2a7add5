import RampartWire
import Testing

/// The automaton on its own, with the tables the generator writes for `a+@a+\.a+` where `a` is
/// `[a-z.]`: items a, a*, @, a, a*, ., a, a*.
@Suite struct PatternAutomatonTests {
    private func matches(_ value: String) -> Bool {
        PatternAutomaton.matches(value.unicodeScalars, itemCount: 8, repeating: 0x92, skippable: 0x92) { scalar in
            var items: UInt64 = 0
            if ("a"..."z").contains(scalar) || scalar == "." { items |= 0xDB }
            if scalar == "@" { items |= 0x4 }
            if scalar == "." { items |= 0x20 }
            return items
        }
    }

    @Test func matchesAsTheRegexDoes() {
        for value in ["a@b.c", "a.b@c.d.e", "a@b..c", "a@.b.c", "ab@cd.ef"] {
            #expect(matches(value), "\(value)")
        }
        for value in ["", "a@b", "a@b.", "@b.c", "a@@b.c", "a@b.c@d", "a@.c", "A@b.c", "a@b.c "] {
            #expect(!matches(value), "\(value)")
        }
    }

    @Test func optionalItems() {
        // x?y: items x (optional), y.
        func xy(_ value: String) -> Bool {
            PatternAutomaton.matches(value.unicodeScalars, itemCount: 2, repeating: 0, skippable: 0x1) { scalar in
                scalar == "x" ? 0x1 : scalar == "y" ? 0x2 : 0
            }
        }
        #expect(xy("y") && xy("xy"))
        #expect(!xy("") && !xy("x") && !xy("xxy") && !xy("yy"))
    }
}

/// Case-insensitive equality for StringEqualsIgnoreCase without allocating in the common ASCII case.
enum CaseFolding {
    static func equal(_ lhs: String, _ rhs: String) -> Bool {
        var ascii = true
        if lhs.utf8.count == rhs.utf8.count {
            var equal = true
            for (left, right) in zip(lhs.utf8, rhs.utf8) {
                if left >= 0x80 || right >= 0x80 {
                    ascii = false
                    break
                }
                if GlobMatcher.fold(left) != GlobMatcher.fold(right) {
                    equal = false
                    break
                }
            }
            if ascii { return equal }
        } else if lhs.utf8.allSatisfy({ $0 < 0x80 }) && rhs.utf8.allSatisfy({ $0 < 0x80 }) {
            return false
        }
        // Non-ASCII text: Unicode lowercasing can change lengths, so compare the folded strings.
        return lhs.lowercased() == rhs.lowercased()
    }
}

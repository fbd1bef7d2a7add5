/// IAM action matching: case-insensitive, `*` for any run of characters, `?` for exactly one.
enum LintActionPattern {
    static func matches(_ pattern: String, _ action: String) -> Bool {
        let pattern = Array(pattern.lowercased().unicodeScalars)
        let action = Array(action.lowercased().unicodeScalars)
        var p = 0
        var a = 0
        // Where the last `*` was and how much of the action it has swallowed so far, to retry on a mismatch.
        var star: (pattern: Int, action: Int)?
        while a < action.count {
            if p < pattern.count, pattern[p] == "?" || pattern[p] == action[a] {
                p += 1
                a += 1
            } else if p < pattern.count, pattern[p] == "*" {
                star = (p, a)
                p += 1
            } else if let last = star {
                star = (last.pattern, last.action + 1)
                p = last.pattern + 1
                a = last.action + 1
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}

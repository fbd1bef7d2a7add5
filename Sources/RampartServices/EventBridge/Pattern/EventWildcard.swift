/// EventBridge's `wildcard` (and `anything-but` `wildcard`): `*` stands for any run of characters,
/// `\*` for a star and `\\` for a backslash. Matched in time linear in the value: the literal
/// pieces between stars are found left to right, each at its first occurrence (which is never
/// worse than a later one), with a failure-function search, so no input backtracks.
public struct EventWildcard: Sendable, Equatable {
    /// The literal pieces between stars; `count == stars + 1`.
    let pieces: [[Unicode.Scalar]]

    /// nil when the pattern has two stars in a row or a backslash before anything but `*` or `\`
    /// (AWS refuses both).
    init?(_ text: String) {
        var pieces: [[Unicode.Scalar]] = [[]]
        var escaped = false
        var lastWasStar = false
        for scalar in text.unicodeScalars {
            if escaped {
                guard scalar == "*" || scalar == "\\" else { return nil }
                pieces[pieces.count - 1].append(scalar)
                escaped = false
                lastWasStar = false
            } else if scalar == "\\" {
                escaped = true
            } else if scalar == "*" {
                if lastWasStar { return nil }
                pieces.append([])
                lastWasStar = true
            } else {
                pieces[pieces.count - 1].append(scalar)
                lastWasStar = false
            }
        }
        if escaped { return nil }
        self.pieces = pieces
    }

    func matches(_ value: String) -> Bool {
        let text = Array(value.unicodeScalars)
        guard pieces.count > 1 else { return text == pieces[0] }
        let first = pieces[0]
        let last = pieces[pieces.count - 1]
        guard text.count >= first.count + last.count, text.starts(with: first),
            text[(text.count - last.count)...].elementsEqual(last)
        else { return false }
        var position = first.count
        let end = text.count - last.count
        for piece in pieces[1..<(pieces.count - 1)] where !piece.isEmpty {
            guard let found = Self.find(piece, in: text, from: position, to: end) else { return false }
            position = found + piece.count
        }
        return true
    }

    /// The first index ≥ `start` where `needle` occurs wholly before `end` (Knuth–Morris–Pratt).
    static func find(_ needle: [Unicode.Scalar], in text: [Unicode.Scalar], from start: Int, to end: Int) -> Int? {
        var failure = [Int](repeating: 0, count: needle.count)
        var k = 0
        for i in 1..<max(needle.count, 1) {
            while k > 0 && needle[i] != needle[k] { k = failure[k - 1] }
            if needle[i] == needle[k] { k += 1 }
            failure[i] = k
        }
        var matched = 0
        var i = start
        while i < end {
            while matched > 0 && text[i] != needle[matched] { matched = failure[matched - 1] }
            if text[i] == needle[matched] { matched += 1 }
            if matched == needle.count { return i - needle.count + 1 }
            i += 1
        }
        return nil
    }
}

/// How IAM's older policy parser reads a value of a Date condition on write: an ISO 8601 date-time
/// (a value with a `T` or a `-`) or a count of seconds since 1970 that fits a signed 64-bit number.
/// A value it cannot read fails the policy with "The policy failed legacy parsing"; the bounds are
/// those of the Java time types that parser used (years −292275054…292278993).
enum LegacyDate {
    static func parses(_ text: String) -> Bool {
        let lowered = text.lowercased()
        guard lowered.contains("t") || lowered.contains("-") else {
            guard let seconds = integer(Substring(lowered)) else { return false }
            return seconds >= 0
        }
        return dateTime(lowered)
    }

    private static func dateTime(_ text: String) -> Bool {
        let (datePart, timePart) = split(Substring(text), at: "t")
        let negative = datePart.hasPrefix("-")
        let fields = (negative ? datePart.dropFirst() : datePart).split(
            separator: "-", omittingEmptySubsequences: false)
        guard fields.count <= 3, let year = integer(fields[0]) else { return false }
        guard (-292_275_054...292_278_993).contains(negative ? -year : year) else { return false }
        if fields.count > 1 { guard let month = integer(fields[1]), (1...12).contains(month) else { return false } }
        if fields.count > 2 { guard let day = integer(fields[2]), (1...31).contains(day) else { return false } }
        guard let timePart else { return true }
        let time = timePart.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        if !time[0].isEmpty { guard let hours = integer(time[0]), (0...23).contains(hours) else { return false } }
        if time.count > 1 { guard let minutes = integer(time[1]), (0...59).contains(minutes) else { return false } }
        guard time.count > 2 else { return true }
        return secondsAndZone(time[2])
    }

    /// `ss[.fraction]` followed by `z`, by `+hh[:mm]` or `-hh[:mm]`, or by nothing.
    private static func secondsAndZone(_ text: Substring) -> Bool {
        var seconds = text
        if let z = text.firstIndex(of: "z") {
            guard text.index(after: z) == text.endIndex else { return false }
            seconds = text[..<z]
        } else if let sign = text.firstIndex(where: { $0 == "+" || $0 == "-" }) {
            seconds = text[..<sign]
            let (hours, minutes) = split(text[text.index(after: sign)...], at: ":")
            guard hours.count == 2, let h = integer(hours), (0...23).contains(h) else { return false }
            if let minutes {
                guard minutes.count == 2, let m = integer(minutes), (0...59).contains(m) else { return false }
            }
        }
        let (whole, fraction) = split(seconds, at: ".")
        guard let s = integer(whole), (0...59).contains(s) else { return false }
        if let fraction { guard let f = integer(fraction), (0...999_999_999).contains(f) else { return false } }
        return true
    }

    private static func split(_ text: Substring, at separator: Character) -> (Substring, Substring?) {
        guard let index = text.firstIndex(of: separator) else { return (text, nil) }
        return (text[..<index], text[text.index(after: index)...])
    }

    /// Decimal digits (at most 19, so the value fits), nothing else.
    private static func integer(_ text: Substring) -> Int64? {
        guard !text.isEmpty, text.count <= 19, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int64(text)
    }
}

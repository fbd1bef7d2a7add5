import Foundation

extension Date {
    /// Whole seconds since 1970, rounded down and saturated at `Int`'s range: `Int(Double)` traps
    /// on a value it cannot hold, and a date derived from a shifted clock or parsed input once
    /// reached one (an offset of 1e300 seconds ended the process at the next sign-in).
    public var epochSeconds: Int {
        Self.saturatingInt(timeIntervalSince1970.rounded(.down))
    }

    /// Whole milliseconds since 1970, rounded down, saturated like `epochSeconds`.
    public var epochMilliseconds: Int {
        Self.saturatingInt((timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// `epochSeconds` kept within 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z, the dates a
    /// four-digit-year timestamp can write (a formatter's digits overflow a byte beyond them).
    public var epochSecondsInFourDigitYears: Int {
        min(max(epochSeconds, -62_167_219_200), 253_402_300_799)
    }

    private static func saturatingInt(_ value: Double) -> Int {
        guard !value.isNaN else { return 0 }
        return Int(exactly: value.rounded(.down)) ?? (value < 0 ? Int.min : Int.max)
    }
}

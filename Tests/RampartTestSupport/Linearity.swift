import Foundation

/// Measures how a parser's cost grows with its input, to catch work that is quadratic (or
/// worse) in what an unauthenticated client sends.
///
/// Each size is timed as the median of a few samples, each sample repeating the parse until it
/// takes a few milliseconds, so small inputs are measured above the clock's noise. The cost per
/// byte may grow by `factor` from one size to the next (caches, allocation); a quadratic parser
/// grows by the ratio of the sizes (64 from 1 KB to 64 KB, 16 from 64 KB to 1 MB). A size whose
/// first run is already far over is reported at once, without the slower sizes after it.
public enum Linearity {
    public static let sizes = [1 << 10, 1 << 16, 1 << 20]

    /// The sizes at which the cost per byte grew more than `factor`, as readable lines; empty
    /// when growth is linear. `input(size)` builds an input of about `size` bytes.
    ///
    /// A run that finds growth is repeated, up to `attempts` in all, and only growth found every time
    /// is reported: on a loaded machine (CI runs the suites side by side on two cores) one run can be
    /// descheduled at its largest size, while a quadratic parser is over the line on every run.
    public static func superLinearSteps<Input>(
        factor: Double = 6, sizes: [Int] = sizes, attempts: Int = 3, input: (Int) -> Input, parse: (Input) -> Void
    ) -> [String] {
        var found = [String]()
        for _ in 0..<max(1, attempts) {
            found = measureOnce(factor: factor, sizes: sizes, input: input, parse: parse)
            if found.isEmpty { return [] }
        }
        return found
    }

    private static func measureOnce<Input>(
        factor: Double, sizes: [Int], input: (Int) -> Input, parse: (Input) -> Void
    ) -> [String] {
        var previous: (size: Int, perByte: Double)? = nil
        for size in sizes {
            let bytes = input(size)
            let first = seconds { parse(bytes) }
            if let previous, first > 0.5, exceeds(first / Double(size), previous.perByte, factor, first) {
                return [describe(previous, (size, first / Double(size)), first)]
            }
            let repetitions = max(1, min(1_000, Int(0.005 / max(first, 1e-7))))
            var samples = [Double]()
            for _ in 0..<3 {
                samples.append(seconds { for _ in 0..<repetitions { parse(bytes) } } / Double(repetitions))
            }
            let median = samples.sorted()[1]
            let perByte = median / Double(size)
            if let previous, exceeds(perByte, previous.perByte, factor, median) {
                return [describe(previous, (size, perByte), median)]
            }
            previous = (size, perByte)
        }
        return []
    }

    /// Below a millisecond at the larger size, no growth is worth reporting: noise dominates.
    private static func exceeds(_ perByte: Double, _ before: Double, _ factor: Double, _ total: Double) -> Bool {
        total > 0.001 && perByte > before * factor
    }

    private static func describe(_ before: (size: Int, perByte: Double), _ after: (Int, Double), _ total: Double)
        -> String
    {
        let growth = after.1 / before.perByte
        return "cost per byte grew \(String(format: "%.1f", growth))x from \(before.size) to \(after.0) bytes"
            + " (\(String(format: "%.3f", total)) s at \(after.0))"
    }

    private static func seconds(_ body: () -> Void) -> Double {
        let elapsed = ContinuousClock().measure(body)
        let (whole, fraction) = elapsed.components
        return Double(whole) + Double(fraction) / 1e18
    }

    /// `unit` repeated to `size` bytes (the last copy cut short).
    public static func repeated(_ unit: String, toSize size: Int) -> [UInt8] {
        let bytes = Array(unit.utf8)
        return (0..<size).map { bytes[$0 % bytes.count] }
    }
}

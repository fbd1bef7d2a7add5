import Foundation

/// RFC 6238 time-based one-time passwords for one device.
///
/// Verification never stops at the first match and compares codes in constant time, so the time a check takes
/// tells an attacker neither which step matched nor how many leading digits of a guess were right.
public struct TOTP: Sendable {
    /// The widest verification window accepted; far beyond any sensible clock drift, it only keeps the step
    /// arithmetic away from overflow.
    static let maximumWindow = 1024

    public let secret: [UInt8]
    public let parameters: OTPParameters
    /// Keyed once: every verification computes several codes with it.
    private let mac: KeyedHMAC

    /// `parameters` need only be computable (1 to 10 digits, a period of at least a second); whether they are ones
    /// to accept is `OTPParameters.isValid`'s question, asked where devices are created.
    public init(secret: [UInt8], parameters: OTPParameters = .standard) {
        precondition(
            (1...HOTP.maximumDigits).contains(parameters.digits) && parameters.period >= 1,
            "uncomputable OTP parameters \(parameters)")
        self.secret = secret
        self.parameters = parameters
        self.mac = KeyedHMAC(algorithm: parameters.algorithm, key: secret)
    }

    /// floor(unixTime / period); times before 1970 give negative steps rather than rounding towards zero.
    public func step(at date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 / Double(parameters.period)).rounded(.down))
    }

    public func code(atStep step: Int64) -> String {
        String(decoding: asciiCode(atStep: step), as: UTF8.self)
    }

    public func code(at date: Date) -> String {
        code(atStep: step(at: date))
    }

    /// The step in [step(at: now) - window, step(at: now) + window] whose code equals `code`; nil if none, or if
    /// `code` is not exactly `digits` ASCII digits. Should two steps of the window share the code, the earliest
    /// wins, so the answer does not depend on the order of the search.
    public func matchingStep(_ code: String, at now: Date, window: Int = 1) -> Int64? {
        precondition((0...Self.maximumWindow).contains(window), "window out of range")
        guard let candidate = wellFormed(code) else { return nil }
        let current = step(at: now)
        var match = NoEarlyExitMatch()
        for step in (current - Int64(window))...(current + Int64(window)) {
            match.consider(step, matches: Self.difference(asciiCode(atStep: step), candidate))
        }
        return match.step
    }

    /// For EnableMFADevice and ResyncMFADevice: the step s such that `code1` matches s and `code2` matches s + 1,
    /// searching s in [now - window - 1, now + window - 1], so both codes lie within now ± (window + 1) and `code2`
    /// is at most now + window; nil if none (or either code is malformed).
    public func consecutiveSteps(_ code1: String, _ code2: String, at now: Date, window: Int = 1) -> Int64? {
        precondition((0...Self.maximumWindow).contains(window), "window out of range")
        guard let first = wellFormed(code1), let second = wellFormed(code2) else { return nil }
        let current = step(at: now)
        let steps = (current - Int64(window) - 1)...(current + Int64(window))
        let codes = steps.map { asciiCode(atStep: $0) }
        var match = NoEarlyExitMatch()
        for (index, step) in steps.dropLast().enumerated() {
            let difference = Self.difference(codes[index], first) | Self.difference(codes[index + 1], second)
            match.consider(step, matches: difference)
        }
        return match.step
    }

    func asciiCode(atStep step: Int64) -> [UInt8] {
        HOTP.asciiCode(mac: mac, counter: UInt64(bitPattern: step), digits: parameters.digits)
    }

    /// The code's bytes if it is exactly `digits` ASCII digits. Its length is public knowledge, so checking the
    /// form need not be constant-time.
    private func wellFormed(_ code: String) -> [UInt8]? {
        let bytes = Array(code.utf8)
        guard bytes.count == parameters.digits,
            bytes.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else { return nil }
        return bytes
    }

    /// The OR of the bytewise XORs: zero exactly when equal, computed without data-dependent branches.
    private static func difference(_ lhs: [UInt8], _ rhs: [UInt8]) -> UInt8 {
        var difference: UInt8 = 0
        for index in lhs.indices {
            difference |= lhs[index] ^ rhs[index]
        }
        return difference
    }
}

/// Remembers the first step whose comparison came out equal, using masks instead of branches so every step of the
/// window costs the same whether or not it matched.
private struct NoEarlyExitMatch {
    private var found: Int64 = 0
    /// All ones once a step has matched.
    private var seen: Int64 = 0

    mutating func consider(_ step: Int64, matches difference: UInt8) {
        // (difference - 1) >> 63 is all ones when difference is 0 and zero otherwise (difference is 0...255).
        let equal = (Int64(difference) - 1) >> 63
        let take = equal & ~seen
        found = (found & ~take) | (step & take)
        seen |= equal
    }

    var step: Int64? { seen == 0 ? nil : found }
}

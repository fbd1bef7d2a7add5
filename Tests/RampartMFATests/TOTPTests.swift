import Foundation
import Testing

@testable import RampartMFA

@Suite struct TOTPTests {
    /// RFC 6238 Appendix B's seeds: the ASCII digits "1234567890" repeated to the hash's output length.
    static func seed(_ algorithm: OTPAlgorithm) -> [UInt8] {
        let length =
            switch algorithm {
            case .sha1: 20
            case .sha256: 32
            case .sha512: 64
            }
        return Array(String(repeating: "1234567890", count: 7).utf8.prefix(length))
    }

    static let times: [TimeInterval] = [59, 1_111_111_109, 1_111_111_111, 1_234_567_890, 2_000_000_000, 20_000_000_000]

    /// RFC 6238 Appendix B, 8 digits, 30-second steps.
    static let eightDigits: [OTPAlgorithm: [String]] = [
        .sha1: ["94287082", "07081804", "14050471", "89005924", "69279037", "65353130"],
        .sha256: ["46119246", "68084774", "67062674", "91819424", "90698825", "77737706"],
        .sha512: ["90693936", "25091201", "99943326", "93441116", "38618901", "47863826"],
    ]

    /// Not in the RFC: computed with OATH Toolkit 2.6.7 (`oathtool --totp=sha1 -d 6 -N '1970-01-01 00:00:59 UTC'
    /// HEXSEED` and likewise) and cross-checked with Python's `hmac`. A 6-digit code is the 31-bit value mod 10^6,
    /// which is also the last six digits of the 8-digit code, as these agree.
    static let sixDigits: [OTPAlgorithm: [String]] = [
        .sha1: ["287082", "081804", "050471", "005924", "279037", "353130"],
        .sha256: ["119246", "084774", "062674", "819424", "698825", "737706"],
        .sha512: ["693936", "091201", "943326", "441116", "618901", "863826"],
    ]

    @Test(arguments: OTPAlgorithm.allCases)
    func rfc6238Vectors(algorithm: OTPAlgorithm) {
        for digits in [6, 8] {
            let totp = TOTP(
                secret: Self.seed(algorithm), parameters: OTPParameters(algorithm: algorithm, digits: digits))
            let expected = (digits == 6 ? Self.sixDigits : Self.eightDigits)[algorithm]!
            for (time, code) in zip(Self.times, expected) {
                let date = Date(timeIntervalSince1970: time)
                #expect(totp.code(at: date) == code, "\(algorithm) \(digits) digits at \(time)")
                #expect(totp.matchingStep(code, at: date) == Int64(time) / 30)
            }
        }
    }

    @Test func stepIsTheFloorOfTimeOverPeriod() {
        let totp = TOTP(secret: Self.seed(.sha1))
        #expect(totp.step(at: Date(timeIntervalSince1970: 0)) == 0)
        #expect(totp.step(at: Date(timeIntervalSince1970: 29.999)) == 0)
        #expect(totp.step(at: Date(timeIntervalSince1970: 30)) == 1)
        #expect(totp.step(at: Date(timeIntervalSince1970: -1)) == -1)
        let minute = TOTP(secret: Self.seed(.sha1), parameters: OTPParameters(period: 60))
        #expect(minute.step(at: Date(timeIntervalSince1970: 1_111_111_109)) == 18_518_518)
    }

    static let now = Date(timeIntervalSince1970: 1_234_567_890)
    static let totp = TOTP(secret: seed(.sha1))
    static var current: Int64 { totp.step(at: now) }

    @Test func windowAcceptsOneStepEitherSide() {
        for offset: Int64 in [-1, 0, 1] {
            let code = Self.totp.code(atStep: Self.current + offset)
            #expect(Self.totp.matchingStep(code, at: Self.now) == Self.current + offset)
        }
    }

    @Test func windowRefusesTwoStepsAway() {
        for offset: Int64 in [-2, 2] {
            let code = Self.totp.code(atStep: Self.current + offset)
            #expect(Self.totp.matchingStep(code, at: Self.now) == nil)
            #expect(Self.totp.matchingStep(code, at: Self.now, window: 2) == Self.current + offset)
        }
    }

    @Test func windowZeroAcceptsOnlyTheCurrentStep() {
        #expect(Self.totp.matchingStep(Self.totp.code(at: Self.now), at: Self.now, window: 0) == Self.current)
        #expect(Self.totp.matchingStep(Self.totp.code(atStep: Self.current - 1), at: Self.now, window: 0) == nil)
    }

    @Test(arguments: ["", "05924", "0059240", "00592a", "+05924", " 05924", "005924 ", "٠٠٥٩٢٤", "00 5924"])
    func malformedCodesAreRefused(code: String) {
        // "005924" is the right code at `now`; none of these variants of it may pass.
        #expect(Self.totp.matchingStep("005924", at: Self.now) == Self.current)
        #expect(Self.totp.matchingStep(code, at: Self.now) == nil)
    }

    @Test func consecutiveCodesAtTheWindowEdges() {
        // s ranges over now - 2 ... now: code2 is never later than now + 1.
        for offset: Int64 in [-2, -1, 0] {
            let first = Self.totp.code(atStep: Self.current + offset)
            let second = Self.totp.code(atStep: Self.current + offset + 1)
            #expect(Self.totp.consecutiveSteps(first, second, at: Self.now) == Self.current + offset)
        }
        for offset: Int64 in [-3, 1] {
            let first = Self.totp.code(atStep: Self.current + offset)
            let second = Self.totp.code(atStep: Self.current + offset + 1)
            #expect(Self.totp.consecutiveSteps(first, second, at: Self.now) == nil)
        }
    }

    @Test func consecutiveCodesMustBeInOrderAndAdjacent() {
        let codes = (-1...1).map { Self.totp.code(atStep: Self.current + Int64($0)) }
        #expect(Self.totp.consecutiveSteps(codes[1], codes[0], at: Self.now) == nil)
        #expect(Self.totp.consecutiveSteps(codes[0], codes[2], at: Self.now) == nil)
        #expect(Self.totp.consecutiveSteps(codes[0], codes[0], at: Self.now) == nil)
        #expect(Self.totp.consecutiveSteps(codes[0], "12345", at: Self.now) == nil)
    }

    @Test func matchingIgnoresASecondDeviceSecret() {
        let other = TOTP(secret: Array("another secret of 20".utf8))
        #expect(other.matchingStep(Self.totp.code(at: Self.now), at: Self.now) == nil)
    }
}

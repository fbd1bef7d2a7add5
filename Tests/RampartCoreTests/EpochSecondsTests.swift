import Foundation
import RampartCore
import Testing

@Suite struct EpochSecondsTests {
    @Test func roundsDown() {
        #expect(Date(timeIntervalSince1970: 1_700_000_000.9).epochSeconds == 1_700_000_000)
        #expect(Date(timeIntervalSince1970: -0.5).epochSeconds == -1)
        #expect(Date(timeIntervalSince1970: 1.2345).epochMilliseconds == 1234)
    }

    /// `Int(Double)` traps here; these saturate instead.
    @Test func saturatesWhereIntCannotHoldTheDate() {
        #expect(Date(timeIntervalSince1970: 1e300).epochSeconds == Int.max)
        #expect(Date(timeIntervalSince1970: -1e300).epochSeconds == Int.min)
        #expect(Date(timeIntervalSince1970: 1e17).epochMilliseconds == Int.max)
        #expect(Date(timeIntervalSince1970: .nan).epochSeconds == 0)
    }

    @Test func farDatesFormatWithoutTrapping() {
        #expect(Timestamp.iso8601(Date(timeIntervalSince1970: 1e300)) == "9999-12-31T23:59:59Z")
        #expect(Timestamp.iso8601(Date(timeIntervalSince1970: -1e300)) == "0000-01-01T00:00:00Z")
    }
}

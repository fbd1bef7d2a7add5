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
}

import Foundation
import Testing

@testable import RampartServer

@Suite struct AdjustableClockTests {
    /// 1e300 seconds was accepted, and the next sign-in trapped turning the date into seconds.
    @Test func refusesOffsetsThatAreNotFiniteOrBeyondACentury() {
        let clock = AdjustableClock()
        for offset in [1e300, -1e300, .infinity, -.infinity, .nan, AdjustableClock.maximumOffset + 1] {
            #expect(throws: AdjustableClock.OffsetOutOfRange.self) { try clock.setOffset(offset) }
        }
        #expect(abs(clock.now.timeIntervalSinceNow) < 60)
    }

    @Test func movesWithinACentury() throws {
        let clock = AdjustableClock()
        try clock.setOffset(-AdjustableClock.maximumOffset)
        #expect(clock.now.timeIntervalSinceNow < -AdjustableClock.maximumOffset + 60)
        try clock.setOffset(86_400)
        #expect(abs(clock.now.timeIntervalSinceNow - 86_400) < 60)
    }
}

import XCTest

@testable import RampartStore

final class TrailPostingsTests: XCTestCase {
    func testListsRoundTripWithTimesThatStepBack() {
        var list = TrailPostings()
        for (position, time) in [(5, 1_000), (6, 999), (9, 1_700_000_000_000), (300, 1_699_999_999_999)] {
            list.append(position: Int64(position), timeMillis: Int64(time))
        }
        XCTAssertEqual(TrailPostings(decoding: list.encoded), list)
        XCTAssertEqual(list.maxTime, 1_700_000_000_000)
        XCTAssertEqual(list.minTime, 999)
        XCTAssertEqual(list.lastPosition, 300)
    }

    func testDamagedBytesReadAsNothing() {
        XCTAssertNil(TrailPostings(decoding: [0x80]))
        XCTAssertNil(TrailPostings(decoding: [0x01]))
        XCTAssertEqual(TrailPostings(decoding: [])?.entries, [])
    }
}

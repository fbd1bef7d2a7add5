import Foundation
import RampartCore
import XCTest

final class TimestampTests: XCTestCase {
    func testHTTPDate() {
        XCTAssertEqual(Timestamp.httpDate(epochSeconds: 0), "Thu, 01 Jan 1970 00:00:00 GMT")
        XCTAssertEqual(Timestamp.httpDate(epochSeconds: 1_440_938_160), "Sun, 30 Aug 2015 12:36:00 GMT")
        XCTAssertEqual(Timestamp.httpDate(epochSeconds: 1_795_424_627), "Mon, 23 Nov 2026 09:03:47 GMT")
    }

    func testFormatsUTCSeconds() {
        XCTAssertEqual(Timestamp.iso8601(Date(timeIntervalSince1970: 0)), "1970-01-01T00:00:00Z")
        XCTAssertEqual(Timestamp.iso8601(Date(timeIntervalSince1970: 1_440_938_160)), "2015-08-30T12:36:00Z")
        XCTAssertEqual(Timestamp.iso8601(Date(timeIntervalSince1970: 1_440_938_160.999)), "2015-08-30T12:36:00Z")
    }

    func testParsesExtendedAndCompactForms() {
        XCTAssertEqual(Timestamp.parse("2015-08-30T12:36:00Z"), Date(timeIntervalSince1970: 1_440_938_160))
        XCTAssertEqual(Timestamp.parse("20150830T123600Z"), Date(timeIntervalSince1970: 1_440_938_160))
        XCTAssertEqual(Timestamp.parse("2015-08-30T12:36:00.123Z"), Date(timeIntervalSince1970: 1_440_938_160))
    }

    func testRefusesLongDigitRunsInsteadOfOverflowing() {
        // Found by scripts/fuzz (query target): ten or more digits in a row trapped on Int32 overflow.
        XCTAssertNil(Timestamp.parse("arn:aws:iam::123456789012:role/demo"))
        XCTAssertNil(Timestamp.parse("99999999999999999999"))
        XCTAssertNil(Timestamp.parse("2015-08-30T12:36:0000000000Z"))
        XCTAssertNil(Timestamp.parse("201508301T123600Z"))
        XCTAssertEqual(Timestamp.parse("20150830T123600Z"), Date(timeIntervalSince1970: 1_440_938_160))
    }

    func testRefusesNonsense() {
        XCTAssertNil(Timestamp.parse(""))
        XCTAssertNil(Timestamp.parse("yesterday"))
        XCTAssertNil(Timestamp.parse("2015-13-30T12:36:00Z"))
        XCTAssertNil(Timestamp.parse("2015-08-30"))
    }

    func testRoundTrip() {
        let date = Date(timeIntervalSince1970: 1_800_000_000)
        XCTAssertEqual(Timestamp.parse(Timestamp.iso8601(date)), date)
    }
}

import RampartTrailExport
import XCTest

final class GzipTests: XCTestCase {
    func testRoundTripCompressesRepetitiveJSON() throws {
        let json = Array(String(repeating: #"{"eventName":"GetUser","awsRegion":"us-east-1"},"#, count: 2000).utf8)
        let packed = try Gzip.compress(json)
        XCTAssertEqual(Array(packed.prefix(2)), [0x1f, 0x8b], "gzip magic")
        XCTAssertLessThan(packed.count * 20, json.count, "JSON records compress at least twentyfold here")
        XCTAssertEqual(try Gzip.decompress(packed, limit: json.count), json)
    }

    func testEmptyInputRoundTrips() throws {
        XCTAssertEqual(try Gzip.decompress(try Gzip.compress([]), limit: 0), [])
    }

    func testOutputBeyondTheLimitIsRefusedNotInflated() throws {
        let bomb = try Gzip.compress([UInt8](repeating: 0, count: 10 << 20))
        XCTAssertThrowsError(try Gzip.decompress(bomb, limit: 1 << 20)) { error in
            XCTAssertEqual(error as? Gzip.Failure, .tooLarge(limit: 1 << 20))
        }
    }

    func testTruncatedAndGarbledFilesAreErrors() throws {
        let packed = try Gzip.compress(Array("hello, trail".utf8))
        XCTAssertThrowsError(try Gzip.decompress(Array(packed.dropLast(6)), limit: 100))
        XCTAssertThrowsError(try Gzip.decompress(Array("not gzip at all".utf8), limit: 100))
        XCTAssertThrowsError(try Gzip.decompress([], limit: 100))
    }
}

import Foundation
import RampartCore
import XCTest

/// A test case with a fresh SQLite file for each test (`path`), removed with its WAL afterwards, and
/// the account its events belong to.
class SQLiteFileTestCase: XCTestCase {
    var path = ""
    let account = AccountID("123456789012")!

    override func setUpWithError() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString).sqlite").path
    }

    override func tearDownWithError() throws {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}

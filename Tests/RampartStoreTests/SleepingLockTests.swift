import Dispatch
import XCTest

@testable import RampartStore

final class SleepingLockTests: XCTestCase {
    /// Increments that are not atomic on their own (read, then write) lose none when made under the lock
    /// from many threads at once.
    func testHoldersExcludeEachOther() {
        let lock = SleepingLock((count: 0, inside: 0, overlaps: 0))
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<20_000 {
                lock.withLock { state in
                    state.inside += 1
                    if state.inside > 1 { state.overlaps += 1 }
                    let read = state.count
                    state.count = read + 1
                    state.inside -= 1
                }
            }
        }
        lock.withLock { state in
            XCTAssertEqual(state.count, 160_000)
            XCTAssertEqual(state.overlaps, 0)
        }
    }

    func testAThrowingHolderReleasesTheLock() {
        struct Refused: Error {}
        let lock = SleepingLock(0)
        XCTAssertThrowsError(try lock.withLock { _ in throw Refused() })
        XCTAssertEqual(
            lock.withLock { value -> Int in
                value += 1
                return value
            }, 1)
    }
}

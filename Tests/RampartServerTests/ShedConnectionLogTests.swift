import Logging
import NIOEmbedded
import Synchronization
import Testing

@testable import RampartServer

@Suite struct ShedConnectionLogTests {
    private final class Lines: Sendable {
        let all = Mutex<[(message: String, metadata: Logger.Metadata)]>([])
        func withLock<T>(_ body: (inout [(message: String, metadata: Logger.Metadata)]) -> T) -> T {
            all.withLock { body(&$0) }
        }
    }

    /// Keeps what is logged, for the test to read.
    private struct Recorder: LogHandler {
        let lines: Lines
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            lines.withLock { $0.append((event.message.description, event.metadata ?? [:])) }
        }
    }

    @Test func aFloodIsOneWarningASecondWithItsCount() {
        let lines = Lines()
        let recorder = Recorder(lines: lines)
        let logger = Logger(label: "test") { _ in recorder }
        let loop = EmbeddedEventLoop()
        let connections = ConnectionCount(maximum: 0)
        let log = ShedConnectionLog(connections: connections, logger: logger)
        for _ in 0..<500 {
            #expect(!connections.admit())
            log.record(on: loop)
        }
        #expect(lines.withLock { $0.isEmpty })
        loop.advanceTime(by: .seconds(1))
        for _ in 0..<3 {
            #expect(!connections.admit())
            log.record(on: loop)
        }
        loop.advanceTime(by: .milliseconds(999))
        let first = lines.withLock { $0 }
        #expect(first.count == 1)
        #expect(first.first?.metadata["shed"] == "500")
        #expect(first.first?.metadata["shed-total"] == "500")
        loop.advanceTime(by: .milliseconds(1))
        let second = lines.withLock { $0 }
        #expect(second.count == 2)
        #expect(second.last?.metadata["shed"] == "3")
        #expect(second.last?.metadata["shed-total"] == "503")
        loop.advanceTime(by: .seconds(5))
        #expect(lines.withLock { $0.count } == 2)
    }
}

import Foundation
import Synchronization

/// Where log lines go: a file descriptor, written a whole line per `write(2)` under a lock, so
/// lines of concurrent requests never interleave and a crash loses no line already logged. One
/// per logger made by `LogFormat`, shared by the handlers that logger's copies hold.
final class LogOutput: Sendable {
    private let descriptor: Mutex<Int32>

    init(descriptor: Int32) {
        self.descriptor = Mutex(descriptor)
    }

    func write(line: [UInt8]) {
        descriptor.withLock { descriptor in
            line.withUnsafeBytes { bytes in
                var offset = 0
                while offset < bytes.count {
                    let written = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        return  // a closed or full output loses the line, never the request
                    }
                    offset += written
                }
            }
        }
    }
}

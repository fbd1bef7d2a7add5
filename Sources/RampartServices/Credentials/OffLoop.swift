import Dispatch

/// Runs CPU-heavy work (scrypt, ~0.1 s) on Dispatch's threads. The server makes its event loops
/// Swift Concurrency's global executor, so a `Task.detached` would hash on an event loop and stall
/// every connection that loop serves for the whole derivation.
enum OffLoop {
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(with: Result { try work() }) }
        }
    }

    static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(returning: work()) }
        }
    }
}

import Dispatch

/// Runs CPU-heavy work (scrypt, ~0.1 s) on Dispatch's threads. The server makes its event loops
/// Swift Concurrency's global executor, so a `Task.detached` would hash on an event loop and stall
/// every connection that loop serves for the whole derivation.
enum OffLoop {
    /// Throws what `work` throws, so non-throwing work needs no `try`.
    static func run<T: Sendable, Failure: Error>(
        _ work: @escaping @Sendable () throws(Failure) -> T
    ) async throws(Failure) -> T {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, Failure>, Never>) in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(returning: Result(catching: work)) }
        }
        return try result.get()
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A value behind a glibc adaptive pthread mutex: a thread that finds it held spins a few times in
/// user space, then sleeps until it is released.
///
/// Swift's `Mutex` on Linux is a priority-inheritance futex, and the kernel spins a waiter for as long
/// as the holder runs; the store's writer lock is held for a whole SQLite transaction, so writers that
/// met spent their CPU spinning (perf: 7.6% of a CreateUser's CPU with the trail off, 13.5% with it on,
/// in the futex syscall). Waiting asleep gives that CPU to the holder and to other requests; the short
/// spin first keeps a lock released at once from costing a sleep and a wake (a plain sleeping mutex was
/// measured too: 3% fewer writes with the trail off).
final class SleepingLock<Value>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        var attributes = pthread_mutexattr_t()
        pthread_mutexattr_init(&attributes)
        #if canImport(Glibc)
            pthread_mutexattr_settype(&attributes, Int32(PTHREAD_MUTEX_ADAPTIVE_NP))
        #endif
        let result = pthread_mutex_init(mutex, &attributes)
        pthread_mutexattr_destroy(&attributes)
        precondition(result == 0, "pthread_mutex_init failed: \(result)")
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}

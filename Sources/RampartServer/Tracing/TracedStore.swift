import RampartCore
import RampartStore
import Tracing

/// A store whose write transactions are spans, children of the request that made them (the task's
/// trace context says which). On PostgreSQL a write is the database's transaction, retries included.
final class TracedStore: StoreDecorator {
    let base: any Store
    private let tracer: RequestTracer
    /// `db.system.name`: sqlite or postgresql.
    private let system: String

    init(_ base: any Store, tracer: RequestTracer, system: String) {
        self.base = base
        self.tracer = tracer
        self.system = system
    }

    func write<T: Sendable>(_ body: (inout StoreTransaction) throws -> T) async throws -> T {
        try await tracer.span("store.write") { span in
            span?.attributes["db.system.name"] = system
            var runs = 0
            defer { span?.attributes["rampart.store.runs"] = runs }
            return try await base.write { tx in
                runs += 1
                return try body(&tx)
            }
        }
    }
}

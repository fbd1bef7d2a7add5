import ServiceLifecycle

/// Runs the trace exporter and gives it a few seconds once the server stops: enough to send the last
/// batch to a collector that answers, not the retries of one that does not (those would hold the
/// process up to the exporter's timeout per batch, and a supervisor would kill it first).
struct ExportShutdownDeadline: Service {
    let exporter: any Service
    var grace: Duration = .seconds(3)

    func run() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await exporter.run() }
            group.addTask {
                // Returns when the shutdown begins (the task locals carry it into this child task).
                try await gracefulShutdown()
                try await Task.sleep(for: grace)
            }
            // Whichever ends first: the exporter done, or its time up.
            try await group.next()
            group.cancelAll()
        }
    }
}

import Logging
import PostgresNIO

extension PostgresClient {
    /// The background logger of a client a command uses once (`store copy`, `audit verify --database`):
    /// errors only. Its first lease races the task that starts `run()`, and postgres-nio warns of that
    /// on stderr ("run() hasn't been called yet") before waiting as it should, which read as a fault in
    /// the command's output. Failures still reach the command as thrown errors.
    static func oneShotLogger(_ logger: Logger) -> Logger {
        var quiet = logger
        quiet.logLevel = .error
        return quiet
    }
}

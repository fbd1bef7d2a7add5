import Foundation
import Logging

/// How the server writes its log: one JSON object per line (for collectors) or swift-log's text.
public enum LogFormat: String, Sendable, CaseIterable {
    case json
    case text

    /// A logger writing to standard output in this format at `level`. Made with its own factory,
    /// so that nothing global (`LoggingSystem.bootstrap`) is touched.
    public func logger(label: String = "rampart", level: Logger.Level) -> Logger {
        var logger: Logger
        switch self {
        case .json:
            let output = LogOutput(descriptor: STDOUT_FILENO)
            logger = Logger(label: label) { label in JSONLogHandler(label: label, output: output) }
        case .text:
            logger = Logger(label: label) { label in StreamLogHandler.standardOutput(label: label) }
        }
        logger.logLevel = level
        return logger
    }
}

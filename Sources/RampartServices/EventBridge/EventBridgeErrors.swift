import RampartCore

/// The errors EventBridge's operations answer, with AWS's codes and messages. Services cannot
/// reach the generated `EventBridgeErrors` of the wire layer, which sits above them.
public enum EventBridgeErrors {
    static func error(_ code: String, _ message: String) -> AWSError {
        AWSError(code: code, message: message, httpStatus: 400)
    }

    static func validation(_ message: String) -> AWSError { error("ValidationException", message) }

    static func noSuchRule(_ name: String) -> AWSError {
        error("ResourceNotFoundException", "Rule \(name) does not exist on EventBus default.")
    }

    static func noSuchBus(_ name: String) -> AWSError {
        error("ResourceNotFoundException", "Event bus \(name) does not exist.")
    }

    static func noSuchConnection(_ name: String) -> AWSError {
        error("ResourceNotFoundException", "Failed to describe the connection(s). Connection '\(name)' does not exist.")
    }

    static func noSuchAPIDestination(_ name: String) -> AWSError {
        error(
            "ResourceNotFoundException",
            "Failed to describe the api-destination(s). An api-destination '\(name)' does not exist.")
    }

    static func invalidPattern(_ failure: EventPatternError) -> AWSError {
        error("InvalidEventPatternException", failure.message)
    }

    static let invalidNextToken = validation("The nextToken provided is invalid.")
}

import RampartCore

/// The errors of AWS Config that the operations answer, with AWS's codes (every one is 400: the
/// model's error shapes are client errors). Services cannot reach the generated `ConfigErrors`
/// of the wire layer, which sits above them.
public enum ConfigErrors {
    static func error(_ code: String, _ message: String) -> AWSError {
        AWSError(code: code, message: message, httpStatus: 400)
    }

    public static func invalidParameterValue(_ message: String) -> AWSError {
        error("InvalidParameterValueException", message)
    }

    static func noSuchConfigRule(_ name: String) -> AWSError {
        error(
            "NoSuchConfigRuleException",
            "The ConfigRule '\(name)' provided in the request is invalid. Please check the configRule name.")
    }

    static func noSuchRecorder(_ name: String) -> AWSError {
        error(
            "NoSuchConfigurationRecorderException",
            "Cannot find configuration recorder with the specified name '\(name)'.")
    }

    static func noSuchDeliveryChannel(_ name: String) -> AWSError {
        error("NoSuchDeliveryChannelException", "Cannot find delivery channel with specified name '\(name)'.")
    }

    static let noRecorderForRule = error(
        "NoAvailableConfigurationRecorderException",
        "You must create a configuration recorder before you can create or update a Config rule.")

    static let invalidNextToken = error("InvalidNextTokenException", "The nextToken provided is invalid")

    static func resourceNotFound(_ arn: String) -> AWSError {
        error("ResourceNotFoundException", "ResourceArn '\(arn)' does not exist")
    }
}

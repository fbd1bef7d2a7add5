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

    static func ruleLimit(_ limit: Int) -> AWSError {
        error(
            "MaxNumberOfConfigRulesExceededException",
            "Failed to add the Config rule because the account already contains the maximum number of \(limit) rules. Consider deleting any deactivated rules before you add new rules."
        )
    }

    /// A member account's copy of an organization rule: only the organization rule changes it.
    static let serviceOwnedRule = error(
        "AccessDeniedException",
        "An AWS service owns ServiceLinkedConfigRule. You do not have permissions to take action on this rule.")

    static func noSuchOrganizationConfigRule(_ name: String) -> AWSError {
        error(
            "NoSuchOrganizationConfigRuleException",
            "The OrganizationConfigRule '\(name)' provided in the request is invalid. Please check the OrganizationConfigRule name."
        )
    }

    /// AWS's text names no aggregator (as moto records it).
    static func noSuchAggregator(_ name: String) -> AWSError {
        error(
            "NoSuchConfigurationAggregatorException",
            "The configuration aggregator does not exist. Check the configuration aggregator name and try again.")
    }

    /// Without a final period, as AWS answers it (aws-samples/aws2tf#86).
    static let notInOrganization = error(
        "OrganizationAccessDeniedException", "This action can only be made by accounts in an AWS Organization")

    static let notAdministrator = error(
        "OrganizationAccessDeniedException",
        "This action can be only made by AWS Organization's master account or a delegated administrator.")

    static let noOrganization = error("NoAvailableOrganizationException", "Organization is no longer available.")

    static let notAllFeatures = error(
        "OrganizationAllFeaturesNotEnabledException",
        "Config resource cannot be created because your organization does not have all features enabled.")

    static func validation(_ message: String) -> AWSError { error("ValidationException", message) }
}

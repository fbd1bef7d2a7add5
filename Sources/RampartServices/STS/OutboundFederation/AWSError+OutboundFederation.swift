import RampartCore

/// The errors of outbound identity federation, with the codes, statuses and messages of IAM's and
/// STS's models.
extension AWSError {
    static var outboundFederationDisabled: AWSError {
        AWSError(
            code: "OutboundWebIdentityFederationDisabledException",
            message: "The outbound web identity federation feature is not enabled for this account. To use this "
                + "feature, you must first enable it through the AWS Management Console or API.",
            httpStatus: 403)
    }

    static var featureEnabled: AWSError {
        AWSError(
            code: "FeatureEnabled",
            message: "The request failed because outbound identity federation is already enabled for your AWS "
                + "account. You cannot enable the feature multiple times. To fetch the current configuration "
                + "(including the unique issuer URL), use the GetOutboundWebIdentityFederationInfo operation.",
            httpStatus: 409)
    }

    static var featureDisabled: AWSError {
        AWSError(
            code: "FeatureDisabled",
            message: "The request failed because outbound identity federation is already disabled for your AWS "
                + "account. You cannot disable the feature multiple times",
            httpStatus: 404)
    }

    static var sessionDurationEscalation: AWSError {
        AWSError(
            code: "SessionDurationEscalationException",
            message: "The requested token duration would extend the session beyond its original expiration time. "
                + "You cannot use this operation to extend the lifetime of a session beyond what was granted when "
                + "the session was originally created.",
            httpStatus: 403)
    }

    static var jwtPayloadSizeExceeded: AWSError {
        AWSError(
            code: "JWTPayloadSizeExceededException",
            message: "The requested token payload size exceeds the maximum allowed size. Reduce the number of "
                + "request tags included in the GetWebIdentityToken API call to reduce the token payload size.",
            httpStatus: 400)
    }
}

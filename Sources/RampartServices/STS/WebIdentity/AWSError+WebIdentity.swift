import RampartCore

/// STS's federation errors, with the codes and statuses of its model.
extension AWSError {
    static func invalidIdentityToken(_ message: String) -> AWSError {
        AWSError(code: "InvalidIdentityToken", message: message, httpStatus: 400)
    }

    static func expiredToken(_ message: String) -> AWSError {
        AWSError(code: "ExpiredTokenException", message: message, httpStatus: 400)
    }

    static func idpCommunicationError(_ message: String) -> AWSError {
        AWSError(code: "IDPCommunicationError", message: message, httpStatus: 400)
    }

    static func idpRejectedClaim(_ message: String) -> AWSError {
        AWSError(code: "IDPRejectedClaim", message: message, httpStatus: 403)
    }

    /// What AWS answers for a token that is not a signed JWT at all.
    static var notAJWT: AWSError {
        .invalidIdentityToken(
            "The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)")
    }

    /// A signature that does not verify, or a key the token names that the issuer does not publish.
    static var unverifiableToken: AWSError {
        .invalidIdentityToken(
            "The web identity token that was passed could not be validated by AWS. Get a new identity token from "
                + "the identity provider and then retry the request.")
    }

    static var verificationKeyUnavailable: AWSError {
        .invalidIdentityToken(
            "Couldn't retrieve verification key from your identity provider,  please reference "
                + "AssumeRoleWithWebIdentity documentation for requirements")
    }
}

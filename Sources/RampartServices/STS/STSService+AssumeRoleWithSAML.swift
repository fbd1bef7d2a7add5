import RampartCore

extension STSService {
    /// Not served yet: an assertion is only worth something once its XML signature (exclusive
    /// canonicalization, RSA-SHA256, the certificate of the provider's metadata, the signed element
    /// being the one used) is verified, and Rampart does not verify it yet. Rather than accept an
    /// assertion whose signature nobody checked, every one is refused, in the code AWS uses for
    /// assertions it will not take.
    public func assumeRoleWithSAML(_ input: STS.AssumeRoleWithSAMLRequest, _ call: CallContext) async throws
        -> STS.AssumeRoleWithSAMLResponse
    {
        throw AWSError.invalidIdentityToken(
            "SAML assertion signature verification is not available in Rampart yet: AssumeRoleWithSAML refuses "
                + "every assertion rather than accept one whose signature was not verified.")
    }

}

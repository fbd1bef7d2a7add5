import RampartCore
import RampartStore

/// OIDC and SAML providers are named by ARN in every call. An ARN that does not parse is
/// `InvalidInput`; one that parses but names nothing of the caller's (another account, another
/// partition, a name never created) is the operation's `NoSuchEntity`.
extension EntityReader {
    func openIDConnectProvider(_ arn: String, caller: Principal, notFound: (String) -> String) throws(AWSError)
        -> OpenIDConnectProvider
    {
        let name = try providerResourceName(arn, type: "oidc-provider")
        guard let name,
            let provider = get(
                OpenIDConnectProvider.self, OpenIDConnectProvider.key(caller.account, resourceName: name)),
            provider.arn(in: caller.partition) == arn
        else { throw AWSError.noSuchEntity(notFound(arn)) }
        return provider
    }

    func samlProvider(_ arn: String, caller: Principal) throws(AWSError) -> SAMLProvider {
        let name = try providerResourceName(arn, type: "saml-provider")
        guard let name, let provider = get(SAMLProvider.self, SAMLProvider.key(caller.account, name)),
            provider.arn(in: caller.partition) == arn
        else { throw AWSError.noSuchEntity("Manifest not found for arn \(arn)") }
        return provider
    }

    /// The part after `TYPE/` of an IAM ARN; nil when the ARN is of another kind of resource.
    private func providerResourceName(_ arn: String, type: String) throws(AWSError) -> String? {
        guard let parsed = ARN(parsing: arn) else { throw AWSError.invalidInput("ARN \(arn) is not valid.") }
        guard parsed.service == "iam", parsed.resource.hasPrefix(type + "/") else { return nil }
        return String(parsed.resource.dropFirst(type.count + 1))
    }
}

import RampartCore
import RampartStore

extension IAMService {
    public func createOpenIDConnectProvider(_ input: IAM.CreateOpenIDConnectProviderRequest, _ call: CallContext)
        async throws -> IAM.CreateOpenIDConnectProviderResponse
    {
        let account = call.principal.account
        try Self.validateProviderURL(input.url)
        let thumbprints = try Self.validateThumbprints(input.thumbprintList ?? [])
        let clientIDs = (input.clientIDList ?? []).uniqued()
        guard clientIDs.count <= Limits.clientIDsPerOpenIDConnectProvider else { throw AWSError.tooManyClientIDs }
        let tags = input.tags?.domain ?? []
        try validateTags([], adding: tags)
        let provider = try await store.write { tx in
            let resourceName = OpenIDConnectProvider.resourceName(of: input.url)
            guard
                tx.get(OpenIDConnectProvider.self, OpenIDConnectProvider.key(account, resourceName: resourceName))
                    == nil
            else { throw AWSError.entityAlreadyExists("Provider with url \(input.url) already exists.") }
            guard
                tx.count(OpenIDConnectProvider.self, account: account.rawValue)
                    < Limits.openIDConnectProvidersPerAccount
            else {
                throw AWSError.limitExceeded(
                    "Cannot exceed quota for OpenIdConnectProvidersPerAccount: \(Limits.openIDConnectProvidersPerAccount)"
                )
            }
            var provider = OpenIDConnectProvider(
                account: account, url: input.url, clientIDs: clientIDs, thumbprints: thumbprints, createDate: call.now)
            provider.tags = tags
            tx.put(provider)
            return provider
        }
        return IAM.CreateOpenIDConnectProviderResponse(
            openIDConnectProviderArn: provider.arn(in: call.principal.partition), tags: wireTags(provider.tags))
    }

    /// AWS answers the URL without its scheme, as the ARN names it.
    public func getOpenIDConnectProvider(_ input: IAM.GetOpenIDConnectProviderRequest, _ call: CallContext)
        async throws -> IAM.GetOpenIDConnectProviderResponse
    {
        let provider = try store.snapshot().openIDConnectProvider(
            input.openIDConnectProviderArn, caller: call.principal, notFound: Self.providerNotFound)
        return IAM.GetOpenIDConnectProviderResponse(
            url: provider.resourceName, clientIDList: provider.clientIDs, thumbprintList: provider.thumbprints,
            createDate: provider.createDate, tags: provider.tags.map(IAM.Tag.init))
    }

    public func listOpenIDConnectProviders(_ input: IAM.ListOpenIDConnectProvidersRequest, _ call: CallContext)
        async throws -> IAM.ListOpenIDConnectProvidersResponse
    {
        let arns = store.snapshot().all(OpenIDConnectProvider.self, account: call.principal.account.rawValue)
            .map { $0.arn(in: call.principal.partition) }.sorted()
        return IAM.ListOpenIDConnectProvidersResponse(
            openIDConnectProviderList: arns.map { IAM.OpenIDConnectProviderListEntry(arn: $0) })
    }

    public func deleteOpenIDConnectProvider(_ input: IAM.DeleteOpenIDConnectProviderRequest, _ call: CallContext)
        async throws
    {
        try await store.write { tx in
            let provider = try tx.openIDConnectProvider(
                input.openIDConnectProviderArn, caller: call.principal,
                notFound: { "OpenId connect Provider \($0) cannot be found." })
            tx.delete(OpenIDConnectProvider.self, provider.recordKey)
        }
    }

    public func addClientIDToOpenIDConnectProvider(
        _ input: IAM.AddClientIDToOpenIDConnectProviderRequest, _ call: CallContext
    ) async throws {
        try await updateOpenIDConnectProvider(input.openIDConnectProviderArn, call) { provider in
            guard !provider.clientIDs.contains(input.clientID) else { return }
            guard provider.clientIDs.count < Limits.clientIDsPerOpenIDConnectProvider else {
                throw AWSError.tooManyClientIDs
            }
            provider.clientIDs.append(input.clientID)
        }
    }

    /// Removing a client id the provider does not have succeeds and changes nothing, as on AWS.
    public func removeClientIDFromOpenIDConnectProvider(
        _ input: IAM.RemoveClientIDFromOpenIDConnectProviderRequest, _ call: CallContext
    ) async throws {
        try await updateOpenIDConnectProvider(input.openIDConnectProviderArn, call) { provider in
            provider.clientIDs.removeAll { $0 == input.clientID }
        }
    }

    public func updateOpenIDConnectProviderThumbprint(
        _ input: IAM.UpdateOpenIDConnectProviderThumbprintRequest, _ call: CallContext
    ) async throws {
        let thumbprints = try Self.validateThumbprints(input.thumbprintList)
        try await updateOpenIDConnectProvider(input.openIDConnectProviderArn, call) { provider in
            provider.thumbprints = thumbprints
        }
    }

    /// OIDC providers answer a full tag set with a message of their own, not the TagsPerResource quota.
    public func tagOpenIDConnectProvider(_ input: IAM.TagOpenIDConnectProviderRequest, _ call: CallContext)
        async throws
    {
        try validateTags([], adding: input.tags.domain)
        try await updateOpenIDConnectProvider(input.openIDConnectProviderArn, call) { provider in
            let merged = provider.tags.merging(input.tags.domain)
            guard merged.count <= Limits.tagsPerResource else {
                throw AWSError.limitExceeded("The number of tags has reached the maximum limit.")
            }
            provider.tags = merged
        }
    }

    public func untagOpenIDConnectProvider(_ input: IAM.UntagOpenIDConnectProviderRequest, _ call: CallContext)
        async throws
    {
        try await updateOpenIDConnectProvider(input.openIDConnectProviderArn, call) { provider in
            provider.tags = provider.tags.removing(keys: input.tagKeys)
        }
    }

    public func listOpenIDConnectProviderTags(
        _ input: IAM.ListOpenIDConnectProviderTagsRequest, _ call: CallContext
    ) async throws -> IAM.ListOpenIDConnectProviderTagsResponse {
        let provider = try store.snapshot().openIDConnectProvider(
            input.openIDConnectProviderArn, caller: call.principal, notFound: Self.providerNotFound)
        let page = try Page(provider.tags, sortKey: { $0.key }, marker: input.marker, maxItems: input.maxItems)
        return IAM.ListOpenIDConnectProviderTagsResponse(
            tags: page.items.map(IAM.Tag.init), isTruncated: page.isTruncated, marker: page.marker)
    }

    private func updateOpenIDConnectProvider(
        _ arn: String, _ call: CallContext, _ change: (inout OpenIDConnectProvider) throws -> Void
    ) async throws {
        try await store.write { tx in
            var provider = try tx.openIDConnectProvider(arn, caller: call.principal, notFound: Self.providerNotFound)
            try change(&provider)
            tx.put(provider)
        }
    }

    static func providerNotFound(_ arn: String) -> String { "OpenIDConnect Provider not found for arn \(arn)" }

    /// `https://HOST[:PORT][/PATH]`: the issuer as tokens name it in `iss`, so no query or fragment.
    static func validateProviderURL(_ url: String) throws(AWSError) {
        let invalid = AWSError.validation("Invalid Open ID Connect Provider URL")
        guard url.lowercased().hasPrefix("https://") else { throw invalid }
        let rest = url.dropFirst("https://".count)
        let host = rest.prefix { $0 != "/" }
        guard !host.isEmpty, !host.hasPrefix(":"),
            !url.unicodeScalars.contains(where: { $0 == "?" || $0 == "#" || $0.properties.isWhitespace })
        else { throw invalid }
    }

    /// At most five SHA-1 fingerprints of 40 hexadecimal digits (the model checks the length).
    static func validateThumbprints(_ thumbprints: [String]) throws(AWSError) -> [String] {
        guard thumbprints.count <= Limits.thumbprintsPerOpenIDConnectProvider else {
            throw AWSError.invalidInput("Thumbprint list must contain fewer than 5 entries.")
        }
        for thumbprint in thumbprints where !thumbprint.utf8.allSatisfy(isASCIIHexDigit) {
            throw AWSError.invalidInput("Thumbprint \(thumbprint) is not a valid hex string.")
        }
        return thumbprints
    }
}

extension AWSError {
    static var tooManyClientIDs: AWSError {
        .limitExceeded(
            "Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: \(Limits.clientIDsPerOpenIDConnectProvider)")
    }
}

extension Array where Element == String {
    /// The elements in order, each once.
    func uniqued() -> [String] {
        var seen = Set<String>()
        return filter { seen.insert($0).inserted }
    }
}

private func isASCIIHexDigit(_ byte: UInt8) -> Bool {
    (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
        || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
}

import CryptoExtras
import Foundation
import RampartCore
import RampartStore

extension IAMService {
    public func createSAMLProvider(_ input: IAM.CreateSAMLProviderRequest, _ call: CallContext) async throws
        -> IAM.CreateSAMLProviderResponse
    {
        let account = call.principal.account
        let metadata = try Self.samlMetadata(input.samlMetadataDocument)
        let mode = SAMLProvider.AssertionEncryptionMode(rawValue: input.assertionEncryptionMode ?? "") ?? .allowed
        let tags = input.tags?.domain ?? []
        try validateTags([], adding: tags)
        let key = try input.addPrivateKey.map { pem throws(AWSError) in
            try sealedPrivateKey(pem, account: account, provider: input.name, now: call.now)
        }
        try Self.checkEncryption(mode, keys: key.map { [$0] } ?? [])
        let provider = try await store.write { tx in
            guard tx.get(SAMLProvider.self, SAMLProvider.key(account, input.name)) == nil else {
                throw AWSError.entityAlreadyExists("SAMLProvider \(input.name) already exists.")
            }
            guard tx.count(SAMLProvider.self, account: account.rawValue) < Limits.samlProvidersPerAccount else {
                throw AWSError.limitExceeded(
                    "Cannot exceed quota for SAMLProvidersPerAccount: \(Limits.samlProvidersPerAccount)")
            }
            var provider = SAMLProvider(
                account: account, name: input.name, uuid: Self.samlIdentifier(length: 32),
                metadataDocument: input.samlMetadataDocument, createDate: call.now,
                validUntil: metadata.validUntil ?? Self.defaultValidUntil(from: call.now))
            provider.assertionEncryptionMode = mode
            provider.privateKeys = key.map { [$0] } ?? []
            provider.tags = tags
            tx.put(provider)
            return provider
        }
        return IAM.CreateSAMLProviderResponse(
            samlProviderArn: provider.arn(in: call.principal.partition), tags: wireTags(provider.tags))
    }

    public func getSAMLProvider(_ input: IAM.GetSAMLProviderRequest, _ call: CallContext) async throws
        -> IAM.GetSAMLProviderResponse
    {
        let provider = try store.snapshot().samlProvider(input.samlProviderArn, caller: call.principal)
        return IAM.GetSAMLProviderResponse(
            samlProviderUUID: provider.uuid, samlMetadataDocument: provider.metadataDocument,
            createDate: provider.createDate, validUntil: provider.validUntil, tags: provider.tags.map(IAM.Tag.init),
            assertionEncryptionMode: provider.assertionEncryptionMode.rawValue,
            privateKeyList: provider.privateKeys.map { IAM.SAMLPrivateKey(keyId: $0.keyId, timestamp: $0.timestamp) })
    }

    public func listSAMLProviders(_ input: IAM.ListSAMLProvidersRequest, _ call: CallContext) async throws
        -> IAM.ListSAMLProvidersResponse
    {
        let partition = call.principal.partition
        let providers = store.snapshot().all(SAMLProvider.self, account: call.principal.account.rawValue)
            .sorted { $0.name.lowercased() < $1.name.lowercased() }
        return IAM.ListSAMLProvidersResponse(
            samlProviderList: providers.map {
                IAM.SAMLProviderListEntry(
                    arn: $0.arn(in: partition), validUntil: $0.validUntil, createDate: $0.createDate)
            })
    }

    /// A new metadata document, the encryption mode, and one private key added or removed: AWS
    /// rotates keys by adding the new one and removing the old one in a second call.
    public func updateSAMLProvider(_ input: IAM.UpdateSAMLProviderRequest, _ call: CallContext) async throws
        -> IAM.UpdateSAMLProviderResponse
    {
        let metadata = try input.samlMetadataDocument.map { document throws(AWSError) in
            try Self.samlMetadata(document)
        }
        if input.addPrivateKey != nil, input.removePrivateKey != nil {
            throw AWSError.invalidInput("AddPrivateKey and RemovePrivateKey cannot be used in the same request.")
        }
        let existing = try store.snapshot().samlProvider(input.samlProviderArn, caller: call.principal)
        let key = try input.addPrivateKey.map { pem throws(AWSError) in
            try sealedPrivateKey(pem, account: existing.account, provider: existing.name, now: call.now)
        }
        let provider = try await store.write { tx in
            var provider = try tx.samlProvider(input.samlProviderArn, caller: call.principal)
            if let document = input.samlMetadataDocument, let metadata {
                provider.metadataDocument = document
                provider.validUntil = metadata.validUntil ?? Self.defaultValidUntil(from: call.now)
            }
            if let mode = input.assertionEncryptionMode.flatMap(SAMLProvider.AssertionEncryptionMode.init) {
                provider.assertionEncryptionMode = mode
            }
            if let key {
                guard provider.privateKeys.count < Limits.privateKeysPerSAMLProvider else {
                    throw AWSError.limitExceeded(
                        "Cannot exceed quota for PrivateKeysPerSAMLProvider: \(Limits.privateKeysPerSAMLProvider)")
                }
                provider.privateKeys.append(key)
            }
            if let keyId = input.removePrivateKey {
                guard provider.privateKeys.contains(where: { $0.keyId == keyId }) else {
                    throw AWSError.invalidInput("The private key \(keyId) does not exist.")
                }
                provider.privateKeys.removeAll { $0.keyId == keyId }
            }
            try Self.checkEncryption(provider.assertionEncryptionMode, keys: provider.privateKeys)
            tx.put(provider)
            return provider
        }
        return IAM.UpdateSAMLProviderResponse(samlProviderArn: provider.arn(in: call.principal.partition))
    }

    public func deleteSAMLProvider(_ input: IAM.DeleteSAMLProviderRequest, _ call: CallContext) async throws {
        try await store.write { tx in
            let provider = try tx.samlProvider(input.samlProviderArn, caller: call.principal)
            tx.delete(SAMLProvider.self, provider.recordKey)
        }
    }

    public func tagSAMLProvider(_ input: IAM.TagSAMLProviderRequest, _ call: CallContext) async throws {
        try await store.write { tx in
            var provider = try tx.samlProvider(input.samlProviderArn, caller: call.principal)
            try validateTags(provider.tags, adding: input.tags.domain)
            provider.tags = provider.tags.merging(input.tags.domain)
            tx.put(provider)
        }
    }

    public func untagSAMLProvider(_ input: IAM.UntagSAMLProviderRequest, _ call: CallContext) async throws {
        try await store.write { tx in
            var provider = try tx.samlProvider(input.samlProviderArn, caller: call.principal)
            provider.tags = provider.tags.removing(keys: input.tagKeys)
            tx.put(provider)
        }
    }

    public func listSAMLProviderTags(_ input: IAM.ListSAMLProviderTagsRequest, _ call: CallContext) async throws
        -> IAM.ListSAMLProviderTagsResponse
    {
        let provider = try store.snapshot().samlProvider(input.samlProviderArn, caller: call.principal)
        let page = try Page(provider.tags, sortKey: { $0.key }, marker: input.marker, maxItems: input.maxItems)
        return IAM.ListSAMLProviderTagsResponse(
            tags: page.items.map(IAM.Tag.init), isTruncated: page.isTruncated, marker: page.marker)
    }

    static func samlMetadata(_ document: String) throws(AWSError) -> SAMLMetadata {
        do { return try SAMLMetadata(xml: document) } catch {
            throw AWSError.invalidInput("Could not parse metadata")
        }
    }

    /// `Required` means assertions that are not encrypted are refused, so a key must be there to decrypt them.
    static func checkEncryption(_ mode: SAMLProvider.AssertionEncryptionMode, keys: [SAMLProvider.PrivateKey])
        throws(AWSError)
    {
        if mode == .required, keys.isEmpty {
            throw AWSError.invalidInput("AssertionEncryptionMode Required needs a private key to decrypt assertions.")
        }
    }

    /// An RSA private key in PEM (PKCS#1 or PKCS#8), checked to parse and sealed to its provider and id.
    func sealedPrivateKey(_ pem: String, account: AccountID, provider: String, now: Date) throws(AWSError)
        -> SAMLProvider.PrivateKey
    {
        guard (try? _RSA.Encryption.PrivateKey(pemRepresentation: pem)) != nil else {
            throw AWSError.invalidInput("The private key is not a valid PEM-encoded RSA private key.")
        }
        let keyId = Self.samlIdentifier(length: 26)
        let context = SAMLProvider.sealingContext(account: account, name: provider, keyId: keyId)
        guard let sealed = try? environment.secrets.seal(Array(pem.utf8), boundTo: context) else {
            throw AWSError.serviceFailure("could not seal the SAML private key")
        }
        return SAMLProvider.PrivateKey(keyId: keyId, timestamp: now, sealedKey: sealed)
    }

    /// Upper-case letters and digits, as the model's `privateKeyIdType` allows (22 to 64 of them).
    static func samlIdentifier(length: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String(
            decoding: (0..<length).map { _ in UniqueID.alphabet[Int(generator.next() % UInt64(UniqueID.alphabet.count))]
            },
            as: UTF8.self)
    }

    /// Metadata without a `validUntil` gets one a hundred years on.
    static func defaultValidUntil(from date: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar.date(byAdding: .year, value: 100, to: date) ?? date
    }
}

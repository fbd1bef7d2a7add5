import RampartCore
import RampartStore

// Server certificates: a certificate, its chain and its private key, named in the account. The
// private key is sealed before the write and no operation ever returns it.
extension IAMService {
    public func uploadServerCertificate(_ input: IAM.UploadServerCertificateRequest, _ call: CallContext)
        async throws -> IAM.UploadServerCertificateResponse
    {
        let account = call.principal.account
        try validatePath(input.path)
        let tags = input.tags?.domain ?? []
        try validateTags([], adding: tags)
        let bundle: ServerCertificateBundle
        do {
            bundle = try ServerCertificateBundle(
                body: input.certificateBody, privateKey: input.privateKey, chain: input.certificateChain, now: call.now)
        } catch .unparsableCertificate {
            throw AWSError.malformedCertificate(Self.unparsableCertificate)
        } catch .unparsablePrivateKey {
            throw AWSError.malformedCertificate(
                "Unable to parse private key. Please ensure the key is an unencrypted RSA or EC key in PEM format.")
        } catch .invalidChain(let index) {
            throw AWSError.malformedCertificate(
                "Unable to validate certificate chain. The certificate chain must start with the immediate signing "
                    + "certificate, followed by any intermediaries in order. The index within the chain of the invalid "
                    + "certificate is: \(index)")
        } catch .keyMismatch {
            throw AWSError.keyPairMismatch("The public key certificate and the private key do not match.")
        }
        let id = UniqueID.make(.serverCertificate)
        let sealed = try environment.secrets.seal(
            Array(input.privateKey.utf8), boundTo: ServerCertificate.sealingContext(account: account, id: id))
        let certificate = try await store.write { tx in
            guard tx.get(ServerCertificate.self, ServerCertificate.key(account, input.serverCertificateName)) == nil
            else {
                throw AWSError.entityAlreadyExists(
                    "The Server Certificate with name \(input.serverCertificateName) already exists.")
            }
            let limit = environment.serverCertificateLimit
            guard tx.count(ServerCertificate.self, account: account.rawValue) < limit else {
                throw AWSError.limitExceeded("Cannot exceed quota for ServerCertificatesPerAccount: \(limit)")
            }
            var certificate = ServerCertificate(
                account: account, id: id, name: input.serverCertificateName, path: input.path ?? "/",
                body: input.certificateBody, chain: input.certificateChain, sealedPrivateKey: sealed,
                uploadDate: call.now, expiration: bundle.certificate.certificate.notValidAfter)
            certificate.tags = tags
            tx.put(certificate)
            return certificate
        }
        return IAM.UploadServerCertificateResponse(
            serverCertificateMetadata: IAM.ServerCertificateMetadata(certificate, in: call.principal.partition),
            tags: wireTags(certificate.tags))
    }

    public func getServerCertificate(_ input: IAM.GetServerCertificateRequest, _ call: CallContext) async throws
        -> IAM.GetServerCertificateResponse
    {
        let certificate = try store.snapshot().serverCertificate(call.principal.account, input.serverCertificateName)
        return IAM.GetServerCertificateResponse(
            serverCertificate: IAM.ServerCertificate(
                serverCertificateMetadata: IAM.ServerCertificateMetadata(certificate, in: call.principal.partition),
                certificateBody: certificate.body, certificateChain: certificate.chain,
                tags: wireTags(certificate.tags)))
    }

    public func listServerCertificates(_ input: IAM.ListServerCertificatesRequest, _ call: CallContext)
        async throws -> IAM.ListServerCertificatesResponse
    {
        let certificates = store.snapshot().all(ServerCertificate.self, account: call.principal.account.rawValue)
            .filter { $0.path.hasPathPrefix(input.pathPrefix) }
        let page = try Page(
            certificates, sortKey: { $0.name.lowercased() }, marker: input.marker, maxItems: input.maxItems)
        return IAM.ListServerCertificatesResponse(
            serverCertificateMetadataList: page.items.map {
                IAM.ServerCertificateMetadata($0, in: call.principal.partition)
            },
            isTruncated: page.isTruncated, marker: page.marker)
    }

    public func updateServerCertificate(_ input: IAM.UpdateServerCertificateRequest, _ call: CallContext)
        async throws
    {
        let account = call.principal.account
        try validatePath(input.newPath)
        try await store.write { tx in
            var certificate = try tx.serverCertificate(account, input.serverCertificateName)
            if let newName = input.newServerCertificateName, newName.lowercased() != certificate.name.lowercased() {
                guard tx.get(ServerCertificate.self, ServerCertificate.key(account, newName)) == nil else {
                    throw AWSError.entityAlreadyExists("The Server Certificate with name \(newName) already exists.")
                }
                tx.delete(ServerCertificate.self, certificate.recordKey)
            }
            if let newName = input.newServerCertificateName { certificate.name = newName }
            if let newPath = input.newPath { certificate.path = newPath }
            tx.put(certificate)
        }
    }

    public func deleteServerCertificate(_ input: IAM.DeleteServerCertificateRequest, _ call: CallContext)
        async throws
    {
        try await store.write { tx in
            let certificate = try tx.serverCertificate(call.principal.account, input.serverCertificateName)
            tx.delete(ServerCertificate.self, certificate.recordKey)
        }
    }

    public func tagServerCertificate(_ input: IAM.TagServerCertificateRequest, _ call: CallContext) async throws {
        try await store.write { tx in
            var certificate = try tx.serverCertificate(call.principal.account, input.serverCertificateName)
            try validateTags(certificate.tags, adding: input.tags.domain)
            certificate.tags = certificate.tags.merging(input.tags.domain)
            tx.put(certificate)
        }
    }

    public func untagServerCertificate(_ input: IAM.UntagServerCertificateRequest, _ call: CallContext)
        async throws
    {
        try await store.write { tx in
            var certificate = try tx.serverCertificate(call.principal.account, input.serverCertificateName)
            certificate.tags = certificate.tags.removing(keys: input.tagKeys)
            tx.put(certificate)
        }
    }

    public func listServerCertificateTags(_ input: IAM.ListServerCertificateTagsRequest, _ call: CallContext)
        async throws -> IAM.ListServerCertificateTagsResponse
    {
        let certificate = try store.snapshot().serverCertificate(call.principal.account, input.serverCertificateName)
        let page = try Page(certificate.tags, sortKey: { $0.key }, marker: input.marker, maxItems: input.maxItems)
        return IAM.ListServerCertificateTagsResponse(
            tags: page.items.map(IAM.Tag.init), isTruncated: page.isTruncated, marker: page.marker)
    }
}

extension EntityReader {
    func serverCertificate(_ account: AccountID, _ name: String) throws(AWSError) -> ServerCertificate {
        guard let certificate = get(ServerCertificate.self, ServerCertificate.key(account, name)) else {
            throw AWSError.noSuchEntity("The Server Certificate with name \(name) cannot be found.")
        }
        return certificate
    }
}

extension IAM.ServerCertificateMetadata {
    init(_ certificate: RampartCore.ServerCertificate, in partition: Partition) {
        self.init(
            path: certificate.path, serverCertificateName: certificate.name, serverCertificateId: certificate.id,
            arn: certificate.arn(in: partition), uploadDate: certificate.uploadDate,
            expiration: certificate.expiration)
    }
}

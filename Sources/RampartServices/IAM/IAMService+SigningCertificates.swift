import RampartCore
import RampartStore

// X.509 signing certificates of IAM users and of the root user (who names no user). Like access
// keys, an optional UserName means the caller.
extension IAMService {
    static let unparsableCertificate = "Unable to parse certificate. Please ensure the certificate is in PEM format."

    public func uploadSigningCertificate(_ input: IAM.UploadSigningCertificateRequest, _ call: CallContext)
        async throws -> IAM.UploadSigningCertificateResponse
    {
        let account = call.principal.account
        let userName = try targetUserName(input.userName, call)
        let uploaded: UploadedCertificate
        do {
            uploaded = try UploadedCertificate(pem: input.certificateBody)
        } catch {
            throw AWSError.malformedCertificate(Self.unparsableCertificate)
        }
        guard uploaded.isValid(at: call.now) else {
            throw AWSError.invalidCertificate(
                "The certificate is not valid at this time: it is valid from "
                    + "\(Timestamp.iso8601(uploaded.certificate.notValidBefore)) to "
                    + "\(Timestamp.iso8601(uploaded.certificate.notValidAfter)).")
        }
        let (certificate, ownerName) = try await store.write { tx in
            let owner = try userName.map { name throws(AWSError) in try tx.user(account, name) }
            let all = tx.all(SigningCertificate.self, account: account.rawValue)
            // AWS refuses a certificate any user of the account already holds, not only this one.
            if all.contains(where: { $0.der == uploaded.der }) {
                throw AWSError.duplicateCertificate(
                    "The certificate is already associated with a user in this account.")
            }
            guard all.filter({ $0.userId == owner?.id }).count < Limits.signingCertificatesPerUser else {
                throw AWSError.limitExceeded(
                    "Cannot exceed quota for SigningCertificatesPerUser: \(Limits.signingCertificatesPerUser)")
            }
            let certificate = SigningCertificate(
                id: Self.plainID(length: 32), account: account, userId: owner?.id, body: input.certificateBody,
                der: uploaded.der, uploadDate: call.now)
            tx.put(certificate)
            return (certificate, owner?.name)
        }
        return IAM.UploadSigningCertificateResponse(
            certificate: IAM.SigningCertificate(certificate, userName: ownerName))
    }

    public func listSigningCertificates(_ input: IAM.ListSigningCertificatesRequest, _ call: CallContext)
        async throws -> IAM.ListSigningCertificatesResponse
    {
        let snapshot = store.snapshot()
        let account = call.principal.account
        let owner = try targetUserName(input.userName, call).map { name throws(AWSError) in
            try snapshot.user(account, name)
        }
        let certificates = snapshot.all(SigningCertificate.self, account: account.rawValue).filter {
            $0.userId == owner?.id
        }
        let page = try Page(certificates, sortKey: { $0.id }, marker: input.marker, maxItems: input.maxItems)
        return IAM.ListSigningCertificatesResponse(
            certificates: page.items.map { IAM.SigningCertificate($0, userName: owner?.name) },
            isTruncated: page.isTruncated, marker: page.marker)
    }

    public func updateSigningCertificate(_ input: IAM.UpdateSigningCertificateRequest, _ call: CallContext)
        async throws
    {
        let userName = try targetUserName(input.userName, call)
        let status = try settableStatus(input.status)
        try await store.write { tx in
            var certificate = try ownedSigningCertificate(input.certificateId, userName: userName, tx, call)
            certificate.status = status
            tx.put(certificate)
        }
    }

    public func deleteSigningCertificate(_ input: IAM.DeleteSigningCertificateRequest, _ call: CallContext)
        async throws
    {
        let userName = try targetUserName(input.userName, call)
        try await store.write { tx in
            let certificate = try ownedSigningCertificate(input.certificateId, userName: userName, tx, call)
            tx.delete(SigningCertificate.self, certificate.recordKey)
        }
    }

    /// A certificate of the named user (of root when `userName` is nil).
    private func ownedSigningCertificate(
        _ id: String, userName: String?, _ reader: some EntityReader, _ call: CallContext
    ) throws(AWSError) -> SigningCertificate {
        let account = call.principal.account
        let ownerId = try userName.map { name throws(AWSError) in try reader.user(account, name).id }
        guard let certificate = reader.get(SigningCertificate.self, id), certificate.account == account,
            certificate.userId == ownerId
        else {
            throw AWSError.noSuchEntity("The Certificate with id \(id) cannot be found.")
        }
        return certificate
    }
}

extension IAM.SigningCertificate {
    /// Root's certificates carry no user name; the wire shape requires one, so it is empty, as
    /// for root's access keys.
    init(_ certificate: RampartCore.SigningCertificate, userName: String?) {
        self.init(
            userName: userName ?? "", certificateId: certificate.id, certificateBody: certificate.body,
            status: certificate.status.rawValue, uploadDate: certificate.uploadDate)
    }
}

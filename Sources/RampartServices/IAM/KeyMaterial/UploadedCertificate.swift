import Foundation
import X509

/// A certificate uploaded to IAM in PEM: exactly one `CERTIFICATE` block holding X.509 DER.
struct UploadedCertificate: Sendable {
    struct Unparsable: Error, Equatable {}

    let certificate: Certificate
    let der: [UInt8]

    init(pem: String) throws(Unparsable) {
        guard let blocks = try? PEMBlock.parseAll(pem), blocks.count == 1, let block = blocks.first else {
            throw Unparsable()
        }
        try self.init(block: block)
    }

    init(block: PEMBlock) throws(Unparsable) {
        guard block.label == "CERTIFICATE", let certificate = try? Certificate(derEncoded: block.der) else {
            throw Unparsable()
        }
        self.certificate = certificate
        self.der = block.der
    }

    /// Whether `now` falls in the certificate's validity period.
    func isValid(at now: Date) -> Bool {
        certificate.notValidBefore <= now && now <= certificate.notValidAfter
    }

    /// Whether `issuer` issued this certificate: names match and its key verifies the signature.
    func isIssued(by issuer: UploadedCertificate) -> Bool {
        certificate.issuer == issuer.certificate.subject
            && issuer.certificate.publicKey.isValidSignature(certificate.signature, for: certificate)
    }
}

import Foundation
import X509

/// What `UploadServerCertificate` is given, checked the way IAM checks it: the certificate and each
/// certificate of the chain parse, the certificate is within its validity period, each chain
/// certificate issued the one before it (the first one the certificate itself), and the private
/// key (PKCS #1 RSA, SEC1 EC or PKCS #8, unencrypted) holds the certificate's public key.
struct ServerCertificateBundle: Sendable {
    enum Problem: Error, Equatable {
        case unparsableCertificate
        case unparsablePrivateKey
        /// The index within the chain of the certificate that does not fit; -1 for the certificate
        /// itself (outside its validity period, or a chain certificate that cannot be read).
        case invalidChain(index: Int)
        case keyMismatch
    }

    let certificate: UploadedCertificate
    let chain: [UploadedCertificate]

    init(body: String, privateKey: String, chain chainText: String?, now: Date) throws(Problem) {
        do {
            certificate = try UploadedCertificate(pem: body)
        } catch {
            throw .unparsableCertificate
        }
        var chain = [UploadedCertificate]()
        if let chainText {
            guard let blocks = try? PEMBlock.parseAll(chainText) else { throw .invalidChain(index: -1) }
            for (index, block) in blocks.enumerated() {
                guard let parsed = try? UploadedCertificate(block: block) else { throw .invalidChain(index: index) }
                chain.append(parsed)
            }
        }
        self.chain = chain
        // AWS answers a certificate outside its validity period with the chain message too
        // ("a certificate whose validity period begins in the future will fail standard X509
        // certificate validation", aws/aws-sdk-go#2586); -1 is the index it gives the certificate itself.
        guard certificate.isValid(at: now) else { throw .invalidChain(index: -1) }
        var subject = certificate
        for (index, issuer) in chain.enumerated() {
            guard subject.isIssued(by: issuer) else { throw .invalidChain(index: index) }
            subject = issuer
        }
        let key = try Self.privateKey(privateKey)
        guard key.publicKey == certificate.certificate.publicKey else { throw .keyMismatch }
    }

    private static func privateKey(_ text: String) throws(Problem) -> Certificate.PrivateKey {
        let labels: Set = ["RSA PRIVATE KEY", "EC PRIVATE KEY", "PRIVATE KEY"]
        guard let blocks = try? PEMBlock.parseAll(text), blocks.count == 1, let block = blocks.first,
            labels.contains(block.label),
            // Re-rendered, so the strict PEM reader of swift-certificates sees standard lines.
            let key = try? Certificate.PrivateKey(pemEncoded: block.text)
        else { throw .unparsablePrivateKey }
        return key
    }
}

import Crypto
import CryptoExtras
import Foundation
import RampartCore
import X509

/// One `ds:Signature` element, in the one shape SAML identity providers use (SAML 2.0 core, 5.4): an
/// enveloped signature of its parent element, a single Reference by ID, the enveloped-signature and
/// exclusive canonicalization transforms, RSA with SHA-256 (or SHA-1, which AWS still takes). Every
/// other shape is refused rather than interpreted, because each XML-DSig option an implementation
/// honours is a place where what was signed and what is read can part ways.
struct XMLSignature: Sendable {
    static let namespace = "http://www.w3.org/2000/09/xmldsig#"
    static let envelopedTransform = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"

    enum SignatureAlgorithm: String, Sendable {
        case rsaSHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
        case rsaSHA1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1"
    }

    enum DigestAlgorithm: String, Sendable {
        case sha256 = "http://www.w3.org/2001/04/xmlenc#sha256"
        case sha1 = "http://www.w3.org/2000/09/xmldsig#sha1"

        func digest(_ bytes: [UInt8]) -> [UInt8] {
            switch self {
            case .sha256: Array(SHA256.hash(data: bytes))
            case .sha1: Array(Insecure.SHA1.hash(data: bytes))
            }
        }
    }

    enum Error: Swift.Error, Equatable {
        /// The element is not a signature of the supported shape.
        case unsupported(String)
        /// The Reference does not name exactly one element, or not the signature's parent.
        case reference(String)
        case digestMismatch
        /// KeyInfo carries a certificate that is not one of the provider's.
        case unknownKey
        case signatureMismatch
    }

    let element: Int
    let signedInfo: Int
    let signedInfoCanonicalization: ExclusiveCanonicalization
    let signatureAlgorithm: SignatureAlgorithm
    /// The ID the single Reference points at (`URI="#…"`, without the `#`).
    let referencedID: String
    let referenceCanonicalization: ExclusiveCanonicalization
    let digestAlgorithm: DigestAlgorithm
    let digestValue: [UInt8]
    let signatureValue: [UInt8]
    /// DER certificates of KeyInfo/X509Data, if the signer sent any: hints, never trusted keys.
    let keyInfoCertificates: [[UInt8]]

    init(_ document: XMLInfoset, element: Int) throws(Error) {
        self.element = element
        let ns = Self.namespace
        signedInfo = try Self.only(document, element, ns, "SignedInfo")
        let method = try Self.only(document, signedInfo, ns, "CanonicalizationMethod")
        signedInfoCanonicalization = try Self.canonicalization(document, method)
        let signatureMethod = try Self.only(document, signedInfo, ns, "SignatureMethod")
        guard
            let algorithm = document.elements[signatureMethod].attribute("Algorithm").flatMap(
                SignatureAlgorithm.init(rawValue:))
        else { throw .unsupported("signature method") }
        signatureAlgorithm = algorithm
        let reference = try Self.only(document, signedInfo, ns, "Reference")
        // Nothing but the parts read here: an Object (where wrapping attacks hide the original) or a
        // second KeyInfo-like part would be content the signature covers that nobody checks.
        let keyInfos = document.children(of: element, ns, "KeyInfo")
        guard document.children(of: signedInfo).count == 3, keyInfos.count <= 1,
            document.children(of: element).count == 2 + keyInfos.count,
            document.children(of: reference).count == 3
        else { throw .unsupported("unexpected elements in the signature") }
        guard let uri = document.elements[reference].attribute("URI"), uri.hasPrefix("#"), uri.count > 1 else {
            throw .reference("a Reference must name an element by ID")
        }
        referencedID = String(uri.dropFirst())
        let transformList = try Self.only(document, reference, ns, "Transforms")
        let transforms = document.children(of: transformList, ns, "Transform")
        guard transforms.count == 2,
            document.elements[transforms[0]].attribute("Algorithm") == Self.envelopedTransform,
            document.children(of: transforms[0]).isEmpty
        else { throw .unsupported("transforms") }
        referenceCanonicalization = try Self.canonicalization(document, transforms[1])
        let digestMethod = try Self.only(document, reference, ns, "DigestMethod")
        guard
            let digest = document.elements[digestMethod].attribute("Algorithm").flatMap(
                DigestAlgorithm.init(rawValue:))
        else { throw .unsupported("digest method") }
        digestAlgorithm = digest
        let digestElement = try Self.only(document, reference, ns, "DigestValue")
        guard let digestValue = Self.base64(document.text(of: digestElement)) else {
            throw .unsupported("digest value")
        }
        self.digestValue = digestValue
        let valueElement = try Self.only(document, element, ns, "SignatureValue")
        guard let signatureValue = Self.base64(document.text(of: valueElement)) else {
            throw .unsupported("signature value")
        }
        self.signatureValue = signatureValue
        var certificates = [[UInt8]]()
        for keyInfo in keyInfos {
            for data in document.children(of: keyInfo, ns, "X509Data") {
                for certificate in document.children(of: data, ns, "X509Certificate") {
                    guard let der = Self.base64(document.text(of: certificate)) else {
                        throw .unsupported("KeyInfo certificate")
                    }
                    certificates.append(der)
                }
            }
        }
        keyInfoCertificates = certificates
    }

    /// Checks the signature and returns the element it covers: the one element whose `ID` is the
    /// Reference's, which must be the signature's parent. The keys are the provider's certificates;
    /// a certificate in KeyInfo only selects among them and must be one of them byte for byte.
    func verify(_ document: XMLInfoset, trusting certificates: [[UInt8]]) throws(Error) -> Int {
        let named = document.elements.indices.filter { document.elements[$0].attribute("ID") == referencedID }
        guard named.count == 1 else { throw .reference("the ID \(referencedID) names \(named.count) elements") }
        let covered = named[0]
        guard document.elements[element].parent == covered else {
            throw .reference("the signature is not enveloped in the element it signs")
        }
        let canonical = referenceCanonicalization.canonicalize(document, covered, excluding: element)
        guard ConstantTime.equal(digestAlgorithm.digest(canonical), digestValue) else { throw .digestMismatch }

        var candidates = certificates
        if let hint = keyInfoCertificates.first {
            guard certificates.contains(hint) else { throw .unknownKey }
            candidates = [hint]
        }
        let signed = signedInfoCanonicalization.canonicalize(document, signedInfo)
        for der in candidates where Self.verifies(signatureValue, over: signed, with: signatureAlgorithm, der) {
            return covered
        }
        throw .signatureMismatch
    }

    static func verifies(_ signature: [UInt8], over bytes: [UInt8], with algorithm: SignatureAlgorithm, _ der: [UInt8])
        -> Bool
    {
        guard let certificate = try? Certificate(derEncoded: der),
            let key = _RSA.Signing.PublicKey(certificate.publicKey)
        else { return false }
        let rsaSignature = _RSA.Signing.RSASignature(rawRepresentation: signature)
        switch algorithm {
        case .rsaSHA256:
            return key.isValidSignature(rsaSignature, for: SHA256.hash(data: bytes), padding: .insecurePKCS1v1_5)
        case .rsaSHA1:
            return key.isValidSignature(
                rsaSignature, for: Insecure.SHA1.hash(data: bytes), padding: .insecurePKCS1v1_5)
        }
    }

    /// Exclusive canonicalization, with its InclusiveNamespaces PrefixList when there is one.
    static func canonicalization(_ document: XMLInfoset, _ method: Int) throws(Error) -> ExclusiveCanonicalization {
        guard document.elements[method].attribute("Algorithm") == ExclusiveCanonicalization.algorithm else {
            throw .unsupported("canonicalization method")
        }
        let children = document.children(of: method)
        guard let list = children.first else { return ExclusiveCanonicalization() }
        guard children.count == 1, document.elements[list].namespace == ExclusiveCanonicalization.algorithm,
            document.elements[list].localName == "InclusiveNamespaces",
            let canonicalization = ExclusiveCanonicalization(
                prefixList: document.elements[list].attribute("PrefixList") ?? "")
        else { throw .unsupported("InclusiveNamespaces") }
        return canonicalization
    }

    static func only(_ document: XMLInfoset, _ parent: Int, _ namespace: String, _ localName: String) throws(Error)
        -> Int
    {
        let found = document.children(of: parent, namespace, localName)
        guard found.count == 1 else { throw .unsupported("\(localName) must appear once") }
        return found[0]
    }

    /// Base64 as signers write it, wrapped over lines.
    static func base64(_ text: String) -> [UInt8]? {
        let compact = String(text.unicodeScalars.filter { !" \t\r\n".unicodeScalars.contains($0) })
        guard let data = Data(base64Encoded: compact), !data.isEmpty else { return nil }
        return Array(data)
    }
}

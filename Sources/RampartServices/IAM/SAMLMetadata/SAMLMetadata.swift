import Foundation
import X509

/// A SAML 2.0 identity provider's metadata, as CreateSAMLProvider and UpdateSAMLProvider accept
/// it: an `md:EntityDescriptor` with an `entityID`, an `md:IDPSSODescriptor` for the SAML 2.0
/// protocol, and at least one signing key whose `ds:X509Certificate` is a certificate that
/// parses. The certificates are what a SAML assertion from this IdP must be signed with.
struct SAMLMetadata: Sendable, Equatable {
    static let metadataNamespace = "urn:oasis:names:tc:SAML:2.0:metadata"
    static let signatureNamespace = "http://www.w3.org/2000/09/xmldsig#"
    static let protocolSAML2 = "urn:oasis:names:tc:SAML:2.0:protocol"

    enum Error: Swift.Error, Equatable {
        case xml(XMLTree.Error)
        case notEntityDescriptor
        case missingEntityID
        case invalidValidUntil
        case noIdentityProviderDescriptor
        case noSigningCertificate
        case invalidCertificate
    }

    var entityID: String
    /// The document's own expiry (`validUntil` on the entity descriptor), when it states one.
    var validUntil: Date?
    /// The DER bytes of every signing certificate, in document order.
    var signingCertificates: [[UInt8]]

    init(xml: String) throws(Error) {
        let root: XMLTree.Element
        do { root = try XMLTree(xml).root } catch { throw .xml(error) }
        guard root.namespace == Self.metadataNamespace, root.localName == "EntityDescriptor" else {
            throw .notEntityDescriptor
        }
        guard let entityID = root.attributes["entityID"], !entityID.isEmpty else { throw .missingEntityID }
        self.entityID = entityID
        if let text = root.attributes["validUntil"] {
            guard let date = Self.dateTime(text) else { throw .invalidValidUntil }
            validUntil = date
        }
        let descriptors = root.children(Self.metadataNamespace, "IDPSSODescriptor").filter {
            ($0.attributes["protocolSupportEnumeration"] ?? "").split(separator: " ").contains {
                $0 == Self.protocolSAML2
            }
        }
        guard !descriptors.isEmpty else { throw .noIdentityProviderDescriptor }
        var certificates = [[UInt8]]()
        for descriptor in descriptors {
            // A key without `use` serves both signing and encryption (SAML metadata 2.4.1.1).
            for key in descriptor.children(Self.metadataNamespace, "KeyDescriptor")
            where (key.attributes["use"] ?? "signing") == "signing" {
                for keyInfo in key.children(Self.signatureNamespace, "KeyInfo") {
                    for data in keyInfo.children(Self.signatureNamespace, "X509Data") {
                        for certificate in data.children(Self.signatureNamespace, "X509Certificate") {
                            certificates.append(try Self.certificate(certificate.text))
                        }
                    }
                }
            }
        }
        guard !certificates.isEmpty else { throw .noSigningCertificate }
        signingCertificates = certificates
    }

    /// Base64 DER (line breaks and spaces allowed, as IdPs write it) that X.509 parsing accepts.
    static func certificate(_ text: String) throws(Error) -> [UInt8] {
        guard let der = XMLSignature.base64(text) else { throw .invalidCertificate }
        do { _ = try Certificate(derEncoded: der) } catch { throw .invalidCertificate }
        return der
    }

    /// An `xs:dateTime` as metadata writes `validUntil`: `2030-01-01T00:00:00Z`, fractions allowed.
    static func dateTime(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}

import CryptoExtras
import Foundation
import RampartCore

/// A SAML 2.0 `samlp:Response` as an identity provider posts it (base64 in `SAMLAssertion`), and the
/// one assertion in it whose signature verifies with the provider's keys.
///
/// Against XML signature wrapping, the assertion read is fixed before any signature is looked at:
/// the Response must carry exactly one `saml:Assertion`, as its child. A signature counts only if it
/// is enveloped in the Response (covering everything) or in that assertion, and its Reference names
/// exactly that element by an ID no other element carries. So the element whose contents are used is
/// the element whose bytes were hashed, however the document is rearranged.
struct SAMLResponse {
    static let protocolNamespace = "urn:oasis:names:tc:SAML:2.0:protocol"
    static let assertionNamespace = "urn:oasis:names:tc:SAML:2.0:assertion"
    static let success = "urn:oasis:names:tc:SAML:2.0:status:Success"

    /// The response as posted.
    let document: XMLInfoset
    /// Where the assertion is read from: the response itself, or the decrypted assertion of an
    /// `EncryptedAssertion` as a document of its own (`XMLEncryptedAssertion.document(of:)`).
    let assertionDocument: XMLInfoset
    let assertion: Int
    let wasEncrypted: Bool

    /// `decryptionKeys`: the provider's private keys, for an `EncryptedAssertion`; `requireEncryption`:
    /// the provider's `AssertionEncryptionMode` is `Required`, so a plaintext assertion is refused.
    init(base64 text: String, decryptionKeys: [_RSA.Encryption.PrivateKey] = [], requireEncryption: Bool = false)
        throws(AWSError)
    {
        guard let bytes = XMLSignature.base64(text) else { throw .invalidIdentityToken("Invalid base64 SAMLResponse") }
        let document: XMLInfoset
        do {
            document = try XMLInfoset(bytes, limits: .samlResponse)
        } catch {
            throw .invalidIdentityToken("Invalid SAML response: the XML document is not accepted (\(error)).")
        }
        let root = document.root
        guard root.namespace == Self.protocolNamespace, root.localName == "Response" else {
            throw .invalidIdentityToken("Invalid SAML response: the document is not a samlp:Response.")
        }
        let status = document.children(of: 0, Self.protocolNamespace, "Status").first
        let code = status.flatMap { document.children(of: $0, Self.protocolNamespace, "StatusCode").first }
        guard let code, document.elements[code].attribute("Value") == Self.success else {
            throw .invalidIdentityToken("Invalid SAML response: the identity provider did not report success.")
        }
        let assertions = document.elements.indices.filter {
            document.elements[$0].namespace == Self.assertionNamespace
                && ["Assertion", "EncryptedAssertion"].contains(document.elements[$0].localName)
        }
        guard assertions.count == 1, document.elements[assertions[0]].parent == 0 else {
            throw .invalidIdentityToken(
                "Invalid SAML response: it must contain exactly one Assertion or EncryptedAssertion, directly in "
                    + "the Response.")
        }
        self.document = document
        if document.elements[assertions[0]].localName == "Assertion" {
            guard !requireEncryption else {
                throw .invalidIdentityToken(
                    "Invalid SAML response: the provider's AssertionEncryptionMode is Required and the assertion "
                        + "is not encrypted.")
            }
            assertionDocument = document
            assertion = assertions[0]
            wasEncrypted = false
        } else {
            guard !decryptionKeys.isEmpty else {
                throw .invalidIdentityToken(
                    "Invalid SAML response: the assertion is encrypted and the provider has no private key to "
                        + "decrypt it.")
            }
            let encrypted = try XMLEncryptedAssertion(document, element: assertions[0])
            (assertionDocument, assertion) = try encrypted.document(of: encrypted.decrypt(with: decryptionKeys))
            wasEncrypted = true
        }
    }

    /// Verifies every signature on the Response and on the assertion (at least one must be there)
    /// with the provider's certificates. A Response signature of an encrypted assertion covers its
    /// ciphertext; an assertion's own signature is inside what was encrypted, and is checked there.
    func verify(trusting certificates: [[UInt8]]) throws(AWSError) {
        var verified = false
        for (signedDocument, signed) in [(document, 0), (assertionDocument, assertion)] {
            let signatures = signedDocument.children(of: signed, XMLSignature.namespace, "Signature")
            guard signatures.count <= 1 else { throw AWSError.responseSignatureInvalid }
            guard let element = signatures.first else { continue }
            do {
                let signature = try XMLSignature(signedDocument, element: element)
                guard try signature.verify(signedDocument, trusting: certificates) == signed else {
                    throw AWSError.responseSignatureInvalid
                }
            } catch {
                throw AWSError.responseSignatureInvalid
            }
            verified = true
        }
        guard verified else { throw AWSError.responseSignatureInvalid }
    }
}

extension AWSError {
    /// AWS's answer for a SAML response whose signature is missing or does not verify.
    static var responseSignatureInvalid: AWSError { .invalidIdentityToken("Response signature invalid") }
}

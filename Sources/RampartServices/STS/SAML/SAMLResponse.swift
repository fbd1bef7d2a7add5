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

    let document: XMLInfoset
    let assertion: Int

    init(base64 text: String) throws(AWSError) {
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
        guard assertions.count == 1, document.elements[assertions[0]].parent == 0,
            document.elements[assertions[0]].localName == "Assertion"
        else {
            throw .invalidIdentityToken(
                "Invalid SAML response: it must contain exactly one unencrypted Assertion, directly in the Response.")
        }
        self.document = document
        assertion = assertions[0]
    }

    /// Verifies every signature on the Response and on the assertion (at least one must be there)
    /// with the provider's certificates.
    func verify(trusting certificates: [[UInt8]]) throws(AWSError) {
        var verified = false
        for signed in [0, assertion] {
            let signatures = document.children(of: signed, XMLSignature.namespace, "Signature")
            guard signatures.count <= 1 else { throw AWSError.responseSignatureInvalid }
            guard let element = signatures.first else { continue }
            do {
                let signature = try XMLSignature(document, element: element)
                guard try signature.verify(document, trusting: certificates) == signed else {
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

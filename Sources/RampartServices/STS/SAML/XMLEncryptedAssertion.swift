import Crypto
import CryptoExtras
import Foundation
import RampartCore

/// A SAML `saml:EncryptedAssertion` (SAML 2.0 core 2.3.4, XML Encryption 1.1): the assertion encrypted
/// under a fresh AES key, and that key encrypted to the service provider's RSA key, which the SAML
/// provider holds as one of its private keys (`AddPrivateKey`).
///
/// Only what identity providers send is taken: content in AES-GCM or AES-CBC (128, 192 or 256 bits),
/// the key in RSA-OAEP with SHA-1 or SHA-256, the key inside the data's `ds:KeyInfo` or beside the
/// data in the `EncryptedAssertion` (where Shibboleth puts it). PKCS#1 v1.5 key transport is refused:
/// it is the padding oracle XML Encryption's own errata warn about. Every failure to decrypt reads
/// the same, so that an answer tells a prober nothing about which step failed.
struct XMLEncryptedAssertion {
    static let namespace = "http://www.w3.org/2001/04/xmlenc#"
    static let namespace11 = "http://www.w3.org/2009/xmlenc11#"
    /// The wrapped keys tried for one assertion.
    static let maximumWrappedKeys = 4

    enum Content: Equatable {
        case gcm(keyBytes: Int)
        case cbc(keyBytes: Int)

        init?(uri: String) {
            switch uri {
            case Self.uri11("aes128-gcm"): self = .gcm(keyBytes: 16)
            case Self.uri11("aes192-gcm"): self = .gcm(keyBytes: 24)
            case Self.uri11("aes256-gcm"): self = .gcm(keyBytes: 32)
            case Self.uri("aes128-cbc"): self = .cbc(keyBytes: 16)
            case Self.uri("aes192-cbc"): self = .cbc(keyBytes: 24)
            case Self.uri("aes256-cbc"): self = .cbc(keyBytes: 32)
            default: return nil
            }
        }

        private static func uri(_ name: String) -> String { XMLEncryptedAssertion.namespace + name }
        private static func uri11(_ name: String) -> String { XMLEncryptedAssertion.namespace11 + name }

        var keyBytes: Int {
            switch self {
            case .gcm(let bytes), .cbc(let bytes): bytes
            }
        }
    }

    /// One `xenc:EncryptedKey`: the content key under RSA-OAEP.
    struct WrappedKey {
        var padding: _RSA.Encryption.Padding
        var cipherValue: [UInt8]
    }

    let content: Content
    let cipherValue: [UInt8]
    let keys: [WrappedKey]
    /// The namespace declarations in scope at the `EncryptedAssertion`: the decrypted assertion is
    /// read in that context, as XML Encryption says a decrypted fragment is.
    let context: [String: String]

    init(_ document: XMLInfoset, element: Int) throws(AWSError) {
        let ns = Self.namespace
        let data = document.children(of: element, ns, "EncryptedData")
        guard data.count == 1 else { throw Self.malformed("one EncryptedData expected") }
        let method = try Self.encryptionMethod(document, of: data[0]).algorithm
        guard let content = Content(uri: method) else { throw Self.unsupported(method) }
        self.content = content
        cipherValue = try Self.cipherValue(document, of: data[0])
        let keyInfo = document.children(of: data[0], XMLSignature.namespace, "KeyInfo")
        let keyElements =
            keyInfo.flatMap { document.children(of: $0, ns, "EncryptedKey") }
            + document.children(of: element, ns, "EncryptedKey")
        guard !keyElements.isEmpty else { throw Self.malformed("no EncryptedKey") }
        // Each wrapped key costs an RSA private-key operation per provider key, on a request nobody has
        // authenticated yet: a response of 128 KiB could carry hundreds. IdPs send one (one per recipient).
        guard keyElements.count <= Self.maximumWrappedKeys else {
            throw Self.malformed("more than \(Self.maximumWrappedKeys) EncryptedKey elements")
        }
        var keys: [WrappedKey] = []
        for key in keyElements {
            keys.append(
                WrappedKey(
                    padding: try Self.keyTransport(document, key), cipherValue: try Self.cipherValue(document, of: key))
            )
        }
        self.keys = keys
        var context: [String: String] = [:]
        var current: Int? = element
        while let index = current {
            for (prefix, uri) in document.elements[index].declarations where context[prefix] == nil {
                context[prefix] = uri
            }
            current = document.elements[index].parent
        }
        self.context = context
    }

    /// The assertion's bytes, decrypted with the first of `privateKeys` that opens one of the wrapped
    /// keys and, with it, the content.
    func decrypt(with privateKeys: [_RSA.Encryption.PrivateKey]) throws(AWSError) -> [UInt8] {
        for key in keys {
            for privateKey in privateKeys {
                guard let contentKey = try? privateKey.decrypt(key.cipherValue, padding: key.padding),
                    contentKey.count == content.keyBytes,
                    let plaintext = Self.open(cipherValue, content, key: SymmetricKey(data: contentKey))
                else { continue }
                return plaintext
            }
        }
        throw AWSError.invalidIdentityToken(
            "Invalid SAML response: the encrypted assertion could not be decrypted with the provider's private keys.")
    }

    /// The decrypted assertion as a document of its own: the fragment inside an element that declares
    /// the namespaces in scope where it was encrypted. Exclusive canonicalization, which the
    /// assertion's own signature uses, renders only the declarations its elements use, so those
    /// bytes are the bytes the identity provider signed.
    func document(of plaintext: [UInt8]) throws(AWSError) -> (document: XMLInfoset, assertion: Int) {
        var wrapper = Array("<rampart-decrypted".utf8)
        for (prefix, uri) in context.sorted(by: { $0.key < $1.key }) {
            wrapper.append(contentsOf: Array((prefix.isEmpty ? " xmlns=\"" : " xmlns:\(prefix)=\"").utf8))
            ExclusiveCanonicalization.appendEscaped(uri, attribute: true, to: &wrapper)
            wrapper.append(UInt8(ascii: "\""))
        }
        wrapper.append(UInt8(ascii: ">"))
        wrapper.append(contentsOf: plaintext)
        wrapper.append(contentsOf: Array("</rampart-decrypted>".utf8))
        let document: XMLInfoset
        do {
            document = try XMLInfoset(wrapper, limits: .samlResponse)
        } catch {
            throw AWSError.invalidIdentityToken(
                "Invalid SAML response: the decrypted assertion is not accepted XML (\(error)).")
        }
        let elements = document.children(of: 0)
        let hasOtherContent = document.root.children.contains { node in
            if case .text(let text) = node { return !text.allSatisfy(\.isWhitespace) }
            return false
        }
        guard elements.count == 1, !hasOtherContent,
            document.elements[elements[0]].namespace == SAMLResponse.assertionNamespace,
            document.elements[elements[0]].localName == "Assertion"
        else {
            throw AWSError.invalidIdentityToken(
                "Invalid SAML response: the EncryptedAssertion does not decrypt to one saml:Assertion.")
        }
        return (document, elements[0])
    }

    private static func open(_ sealed: [UInt8], _ content: Content, key: SymmetricKey) -> [UInt8]? {
        switch content {
        case .gcm:
            // XML Encryption 1.1, 5.2.4: a 96-bit IV, the ciphertext, then the 128-bit tag.
            guard sealed.count >= 12 + 16, let nonce = try? AES.GCM.Nonce(data: sealed[0..<12]),
                let box = try? AES.GCM.SealedBox(
                    nonce: nonce, ciphertext: sealed[12..<(sealed.count - 16)], tag: sealed[(sealed.count - 16)...]),
                let plaintext = try? AES.GCM.open(box, using: key)
            else { return nil }
            return Array(plaintext)
        case .cbc:
            // XML Encryption 5.2.1: a 128-bit IV, then whole blocks; the last byte of the plaintext
            // says how many padding bytes end it (their values are arbitrary, unlike PKCS#7's).
            guard sealed.count >= 32, sealed.count % 16 == 0,
                let iv = try? AES._CBC.IV(ivBytes: sealed[0..<16]),
                let padded = try? AES._CBC.decrypt(sealed[16...], using: key, iv: iv, noPadding: true),
                let last = padded.last, (1...16).contains(last), Int(last) <= padded.count
            else { return nil }
            return Array(padded.dropLast(Int(last)))
        }
    }

    /// The key transport of an `EncryptedKey`: RSA-OAEP whose digest and mask generation are both
    /// SHA-1 (`rsa-oaep-mgf1p`, and 1.1's `rsa-oaep` by default) or both SHA-256; no OAEP label.
    private static func keyTransport(_ document: XMLInfoset, _ key: Int) throws(AWSError) -> _RSA.Encryption.Padding {
        let (methodElement, method) = try encryptionMethod(document, of: key)
        let digest = document.children(of: methodElement, XMLSignature.namespace, "DigestMethod").first
            .flatMap { document.elements[$0].attribute("Algorithm") }
        let mgf = document.children(of: methodElement, namespace11, "MGF").first
            .flatMap { document.elements[$0].attribute("Algorithm") }
        let label = document.children(of: methodElement, namespace, "OAEPparams").first
            .map { document.text(of: $0).filter { !$0.isWhitespace } }
        guard label?.isEmpty ?? true else { throw unsupported("an OAEP label (OAEPparams)") }
        let sha1Digest = digest == nil || digest == XMLSignature.DigestAlgorithm.sha1.rawValue
        let sha256Digest = digest == XMLSignature.DigestAlgorithm.sha256.rawValue
        switch method {
        case namespace + "rsa-oaep-mgf1p" where sha1Digest && mgf == nil:
            return .PKCS1_OAEP
        case namespace11 + "rsa-oaep" where sha1Digest && (mgf == nil || mgf == namespace11 + "mgf1sha1"):
            return .PKCS1_OAEP
        case namespace11 + "rsa-oaep" where sha256Digest && mgf == namespace11 + "mgf1sha256":
            return .PKCS1_OAEP_SHA256
        default:
            let parts = [method, digest, mgf].compactMap { $0 }.joined(separator: " with ")
            throw unsupported(parts)
        }
    }

    /// The one `EncryptionMethod` of `element`, and its `Algorithm`.
    private static func encryptionMethod(_ document: XMLInfoset, of element: Int) throws(AWSError)
        -> (element: Int, algorithm: String)
    {
        let methods = document.children(of: element, namespace, "EncryptionMethod")
        guard methods.count == 1, let algorithm = document.elements[methods[0]].attribute("Algorithm") else {
            throw malformed("one EncryptionMethod with an Algorithm expected")
        }
        return (methods[0], algorithm)
    }

    private static func cipherValue(_ document: XMLInfoset, of element: Int) throws(AWSError) -> [UInt8] {
        let data = document.children(of: element, namespace, "CipherData")
        guard data.count == 1 else { throw malformed("one CipherData expected") }
        let values = document.children(of: data[0], namespace, "CipherValue")
        guard values.count == 1, let bytes = XMLSignature.base64(document.text(of: values[0])) else {
            throw malformed("one base64 CipherValue expected (CipherReference is not followed)")
        }
        return bytes
    }

    private static func malformed(_ what: String) -> AWSError {
        .invalidIdentityToken("Invalid SAML response: the EncryptedAssertion is malformed (\(what)).")
    }

    private static func unsupported(_ what: String) -> AWSError {
        .invalidIdentityToken("Invalid SAML response: the EncryptedAssertion uses an unsupported algorithm (\(what)).")
    }
}

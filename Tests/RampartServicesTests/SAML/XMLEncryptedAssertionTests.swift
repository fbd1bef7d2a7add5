import Crypto
import CryptoExtras
import Foundation
import RampartCore
import Testing

@testable import RampartServices

/// The fixture's signed assertion, encrypted here as an identity provider would: it decrypts with the
/// provider's key and its signature still verifies, also when a namespace it uses is declared only
/// on the Response; a padding or a key transport outside XML Encryption's rules is refused.
struct XMLEncryptedAssertionTests {
    // One per test (swift-testing makes an instance for each): the key type is not Sendable.
    private let key = try! _RSA.Encryption.PrivateKey(keySize: .bits2048)
    private static let trusted = [XMLSignature.base64(SAMLFixture.certificate) ?? []]
    private static let xenc = XMLEncryptedAssertion.namespace

    /// The fixture's Assertion element, with its `xmlns:saml` declaration moved to the Response when
    /// `inherited`: exclusive canonicalization renders the same bytes either way.
    private static func assertion(inherited: Bool) -> String {
        let signed = SAMLFixture.signedAssertion
        let start = signed.range(of: "<saml:Assertion")!.lowerBound
        let end = signed.range(of: "</saml:Assertion>")!.upperBound
        let element = String(signed[start..<end])
        guard inherited else { return element }
        return element.replacingOccurrences(
            of: #"<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion""#, with: "<saml:Assertion")
    }

    private static func response(_ encryptedAssertion: String) -> String {
        """
        <samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" \
        xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r" Version="2.0">\
        <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>\
        \(encryptedAssertion)</samlp:Response>
        """
    }

    private static func encrypted(
        _ sealed: [UInt8], content: String, wrappedKey: [UInt8],
        keyMethod: String = #"<xenc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"/>"#
    ) -> String {
        """
        <saml:EncryptedAssertion><xenc:EncryptedData xmlns:xenc="\(xenc)">\
        <xenc:EncryptionMethod Algorithm="\(content)"/>\
        <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><xenc:EncryptedKey>\(keyMethod)\
        <xenc:CipherData><xenc:CipherValue>\(Data(wrappedKey).base64EncodedString())</xenc:CipherValue>\
        </xenc:CipherData></xenc:EncryptedKey></ds:KeyInfo>\
        <xenc:CipherData><xenc:CipherValue>\(Data(sealed).base64EncodedString())</xenc:CipherValue></xenc:CipherData>\
        </xenc:EncryptedData></saml:EncryptedAssertion>
        """
    }

    private func wrap(_ contentKey: SymmetricKey, padding: _RSA.Encryption.Padding = .PKCS1_OAEP) throws
        -> [UInt8]
    {
        try Array(key.publicKey.encrypt(contentKey.withUnsafeBytes { Array($0) }, padding: padding))
    }

    /// AES-CBC as XML Encryption pads: `count - 1` arbitrary bytes, then the count.
    private static func cbc(_ plaintext: [UInt8], key: SymmetricKey, lastByte: UInt8? = nil) throws -> [UInt8] {
        let count = 16 - plaintext.count % 16
        var padded = plaintext + [UInt8](repeating: 0xA5, count: count - 1) + [UInt8(count)]
        if let lastByte { padded[padded.count - 1] = lastByte }
        let iv = AES._CBC.IV()
        return Array(iv) + Array(try AES._CBC.encrypt(padded, using: key, iv: iv, noPadding: true))
    }

    private func parse(_ xml: String) throws -> SAMLResponse {
        try SAMLResponse(base64: Data(xml.utf8).base64EncodedString(), decryptionKeys: [key])
    }

    @Test(arguments: [false, true])
    func gcmDecryptsAndTheSignatureInsideVerifies(inherited: Bool) throws {
        let contentKey = SymmetricKey(size: .bits256)
        let box = try AES.GCM.seal(Array(Self.assertion(inherited: inherited).utf8), using: contentKey)
        let xml = Self.response(
            Self.encrypted(
                Array(box.combined!), content: XMLEncryptedAssertion.namespace11 + "aes256-gcm",
                wrappedKey: try wrap(contentKey)))
        let response = try parse(xml)
        #expect(response.wasEncrypted)
        try response.verify(trusting: Self.trusted)
        #expect(try SAMLAssertion(response).subject == "alice@example.com")
    }

    @Test func cbcPaddingIsTheCountInTheLastByte() throws {
        let contentKey = SymmetricKey(size: .bits128)
        let plaintext = Array(Self.assertion(inherited: false).utf8)
        let good = try Self.cbc(plaintext, key: contentKey)
        let response = try parse(
            Self.response(Self.encrypted(good, content: Self.xenc + "aes128-cbc", wrappedKey: try wrap(contentKey))))
        try response.verify(trusting: Self.trusted)
        // A count of 0 or over a block is no padding XML Encryption writes: not decrypted, in the same words.
        for lastByte: UInt8 in [0, 17, 255] {
            let bad = try Self.cbc(plaintext, key: contentKey, lastByte: lastByte)
            #expect(throws: Self.undecryptable) {
                try parse(
                    Self.response(
                        Self.encrypted(bad, content: Self.xenc + "aes128-cbc", wrappedKey: try wrap(contentKey))))
            }
        }
    }

    @Test func aKeyOfTheWrongSizeOrForAnotherRecipientIsNotUsed() throws {
        let plaintext = Array(Self.assertion(inherited: false).utf8)
        let short = SymmetricKey(size: .bits128)
        let sealed = Array(try AES.GCM.seal(plaintext, using: short).combined!)
        // A 128-bit key where the method says 256 bits.
        #expect(throws: Self.undecryptable) {
            try parse(
                Self.response(
                    Self.encrypted(
                        sealed, content: XMLEncryptedAssertion.namespace11 + "aes256-gcm", wrappedKey: try wrap(short)))
            )
        }
        let other = try _RSA.Encryption.PrivateKey(keySize: .bits2048)
        let wrapped = Array(try other.publicKey.encrypt(short.withUnsafeBytes { Array($0) }, padding: .PKCS1_OAEP))
        #expect(throws: Self.undecryptable) {
            try parse(
                Self.response(
                    Self.encrypted(
                        sealed, content: XMLEncryptedAssertion.namespace11 + "aes128-gcm", wrappedKey: wrapped)))
        }
    }

    @Test func onlyOAEPWithMatchingDigestsAndNoLabelIsTaken() throws {
        let contentKey = SymmetricKey(size: .bits128)
        let sealed = Array(try AES.GCM.seal(Array(Self.assertion(inherited: false).utf8), using: contentKey).combined!)
        let ds = "http://www.w3.org/2000/09/xmldsig#"
        let xenc11 = XMLEncryptedAssertion.namespace11
        let sha256 = #"<ds:DigestMethod xmlns:ds="\#(ds)" Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>"#
        let refused = [
            // SHA-256 digest with 1.1's default mask generation, MGF1 with SHA-1: a pairing not taken.
            #"<xenc:EncryptionMethod Algorithm="\#(xenc11)rsa-oaep">\#(sha256)</xenc:EncryptionMethod>"#,
            #"<xenc:EncryptionMethod Algorithm="\#(Self.xenc)rsa-oaep-mgf1p"><xenc:OAEPparams>AAEC</xenc:OAEPparams></xenc:EncryptionMethod>"#,
            #"<xenc:EncryptionMethod Algorithm="\#(Self.xenc)rsa-1_5"/>"#,
        ]
        for method in refused {
            let xml = Self.response(
                Self.encrypted(
                    sealed, content: xenc11 + "aes128-gcm", wrappedKey: try wrap(contentKey), keyMethod: method))
            #expect(throws: AWSError.self) { try parse(xml) }
            do {
                _ = try parse(xml)
            } catch let error as AWSError {
                #expect(error.message.contains("unsupported algorithm"), "\(error.message)")
            }
        }
        let accepted =
            #"<xenc:EncryptionMethod Algorithm="\#(xenc11)rsa-oaep">\#(sha256)<xenc11:MGF xmlns:xenc11="\#(xenc11)" Algorithm="\#(xenc11)mgf1sha256"/></xenc:EncryptionMethod>"#
        let response = try parse(
            Self.response(
                Self.encrypted(
                    sealed, content: xenc11 + "aes128-gcm",
                    wrappedKey: try wrap(contentKey, padding: .PKCS1_OAEP_SHA256),
                    keyMethod: accepted)))
        try response.verify(trusting: Self.trusted)
    }

    @Test func atMostFourWrappedKeysAreTried() throws {
        let contentKey = SymmetricKey(size: .bits128)
        let sealed = Array(try AES.GCM.seal(Array(Self.assertion(inherited: false).utf8), using: contentKey).combined!)
        let content = XMLEncryptedAssertion.namespace11 + "aes128-gcm"
        let one = Self.encrypted(sealed, content: content, wrappedKey: try wrap(contentKey))
        let key = String(
            one[one.range(of: "<xenc:EncryptedKey>")!.lowerBound..<one.range(of: "</ds:KeyInfo>")!.lowerBound])
        func with(extraKeys: Int) -> String {
            Self.response(
                one.replacingOccurrences(
                    of: "</ds:KeyInfo>", with: String(repeating: key, count: extraKeys) + "</ds:KeyInfo>"))
        }
        try parse(with(extraKeys: 3)).verify(trusting: Self.trusted)
        #expect(throws: AWSError.self) { try parse(with(extraKeys: 4)) }
        do {
            _ = try parse(with(extraKeys: 4))
        } catch let error as AWSError {
            #expect(error.message.contains("more than 4 EncryptedKey elements"), "\(error.message)")
        }
    }

    private static var undecryptable: AWSError {
        .invalidIdentityToken(
            "Invalid SAML response: the encrypted assertion could not be decrypted with the provider's private keys.")
    }
}

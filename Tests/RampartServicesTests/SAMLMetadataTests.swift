import Foundation
import Testing

@testable import RampartServices

/// SAML metadata as CreateSAMLProvider accepts it, and the documents it refuses: not metadata, no
/// identity provider, no signing certificate, a certificate that does not parse, and hostile XML.
struct SAMLMetadataTests {
    /// A self-signed P-256 certificate for CN=idp.example.com, as an IdP publishes it.
    static let certificate =
        "MIIBiTCCAS+gAwIBAgIUJWxWuDiHPNtc/XcqkJpGJL0Zq2swCgYIKoZIzj0EAwIwGjEYMBYGA1UEAwwPaWRwLmV4YW1wbGUuY29tMB4XDTI2MTIwNjEwMzE0NVoXDTM2MTIwMzEwMzE0NVowGjEYMBYGA1UEAwwPaWRwLmV4YW1wbGUuY29tMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEvH8taEmvHcf2DNWZwqaVofJF/yrVXi/qohapp4uSKR1px3MyCR+9W9YwwRBbdMVvxhOL1FeO/rQpiqM/4iYYiaNTMFEwHQYDVR0OBBYEFHBk9W8nj+vnlQNZS61aaDnPQs5LMB8GA1UdIwQYMBaAFHBk9W8nj+vnlQNZS61aaDnPQs5LMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIhAMYGwxaX55VVkYSCOXDlLTGI07yOzEboP8FkCip91+SzAiBqt92OR4zyAeCCgVQLfm1UsjT/gI/VnS9WQTa0TqoRZA=="

    static func document(
        root: String = "md:EntityDescriptor", validUntil: String? = nil, descriptor: String = "md:IDPSSODescriptor",
        use: String? = "signing", certificate: String = SAMLMetadataTests.certificate
    ) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- exported by a test IdP -->
        <\(root) xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.com/saml"        \(validUntil.map { " validUntil=\"\($0)\"" } ?? "")>
          <\(descriptor) protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
            <md:KeyDescriptor\(use.map { " use=\"\($0)\"" } ?? "")>
              <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
                <ds:X509Data>
                  <ds:X509Certificate>
                    \(certificate)
                  </ds:X509Certificate>
                </ds:X509Data>
              </ds:KeyInfo>
            </md:KeyDescriptor>
            <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"         Location="https://idp.example.com/sso?a=1&amp;b=2"/>
          </\(descriptor)>
        </\(root)>
        """
    }

    @Test func acceptsMetadataWithASigningCertificate() throws {
        let metadata = try SAMLMetadata(xml: Self.document())
        #expect(metadata.entityID == "https://idp.example.com/saml")
        #expect(metadata.validUntil == nil)
        #expect(metadata.signingCertificates == [Array(Data(base64Encoded: Self.certificate)!)])
    }

    @Test func aKeyWithoutUseSignsToo() throws {
        #expect(try SAMLMetadata(xml: Self.document(use: nil)).signingCertificates.count == 1)
    }

    @Test func readsValidUntil() throws {
        let metadata = try SAMLMetadata(xml: Self.document(validUntil: "2030-01-02T03:04:05.678Z"))
        let seconds = try #require(metadata.validUntil).timeIntervalSince1970
        #expect(abs(seconds - 1_893_553_445.678) < 0.001)
        #expect(throws: SAMLMetadata.Error.invalidValidUntil) {
            try SAMLMetadata(xml: Self.document(validUntil: "next year"))
        }
    }

    @Test func defaultNamespaceResolvesToo() throws {
        let xml = Self.document().replacingOccurrences(of: "md:", with: "").replacingOccurrences(
            of: "xmlns:md=", with: "xmlns=")
        #expect(try SAMLMetadata(xml: xml).entityID == "https://idp.example.com/saml")
    }

    @Test func refusesWhatIsNotIdentityProviderMetadata() {
        #expect(throws: SAMLMetadata.Error.notEntityDescriptor) {
            try SAMLMetadata(xml: Self.document(root: "md:EntitiesDescriptor"))
        }
        #expect(throws: SAMLMetadata.Error.noIdentityProviderDescriptor) {
            try SAMLMetadata(xml: Self.document(descriptor: "md:SPSSODescriptor"))
        }
        #expect(throws: SAMLMetadata.Error.noSigningCertificate) {
            try SAMLMetadata(xml: Self.document(use: "encryption"))
        }
        #expect(throws: SAMLMetadata.Error.missingEntityID) {
            try SAMLMetadata(xml: Self.document().replacingOccurrences(of: "entityID=", with: "entityId="))
        }
        // The metadata namespace, not merely the element name.
        #expect(throws: SAMLMetadata.Error.notEntityDescriptor) {
            try SAMLMetadata(xml: Self.document().replacingOccurrences(of: ":SAML:2.0:metadata", with: ":SAML:1.0:x"))
        }
    }

    @Test func refusesCertificatesThatDoNotParse() {
        #expect(throws: SAMLMetadata.Error.invalidCertificate) {
            try SAMLMetadata(xml: Self.document(certificate: "not base64 at all!"))
        }
        #expect(throws: SAMLMetadata.Error.invalidCertificate) {
            try SAMLMetadata(xml: Self.document(certificate: "AAECAwQFBgcICQ=="))
        }
        let truncated = String(Self.certificate.dropLast(40))
        #expect(throws: SAMLMetadata.Error.invalidCertificate) {
            try SAMLMetadata(xml: Self.document(certificate: truncated))
        }
    }

    @Test func refusesDocumentTypesAndEntities() {
        let billionLaughs = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
            <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="&lol2;"/>
            """
        #expect(throws: SAMLMetadata.Error.xml(.doctypeNotAllowed)) { try SAMLMetadata(xml: billionLaughs) }
        let external = Self.document().replacingOccurrences(
            of: "<!-- exported by a test IdP -->", with: "<!DOCTYPE x SYSTEM \"file:///etc/passwd\">")
        #expect(throws: SAMLMetadata.Error.xml(.doctypeNotAllowed)) { try SAMLMetadata(xml: external) }
        let inside = Self.document().replacingOccurrences(
            of: "<md:KeyDescriptor", with: "<!ENTITY x \"y\"><md:KeyDescriptor")
        #expect(throws: SAMLMetadata.Error.xml(.doctypeNotAllowed)) { try SAMLMetadata(xml: inside) }
        let undefined = Self.document().replacingOccurrences(of: "&amp;", with: "&xxe;")
        #expect(throws: SAMLMetadata.Error.xml(.undefinedEntity)) { try SAMLMetadata(xml: undefined) }
    }

    @Test func refusesDeepNestingWithoutRecursing() {
        let depth = 100_000
        let xml = String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth)
        #expect(throws: XMLTree.Error.tooDeep) { try XMLTree(xml) }
        let shallow = String(repeating: "<a>", count: 64) + String(repeating: "</a>", count: 64)
        #expect(throws: Never.self) { try XMLTree(shallow) }
    }

    @Test func refusesMalformedXML() {
        for xml in [
            "", "<a>", "<a></b>", "<a b='1' b='2'/>", "<a b=1/>", "<a b='<'/>", "<a/><b/>", "text<a/>",
            "<a><!-- unterminated </a>", "<a><![CDATA[ open </a>", "<p:a/>", "<a b='1'c='2'/>",
        ] {
            #expect(throws: XMLTree.Error.self, "\(xml)") { try XMLTree(xml) }
        }
    }

    @Test func decodesReferencesAndCDATA() throws {
        let tree = try XMLTree("<a t='&lt;&#65;&#x42;&quot;'>x<![CDATA[<&>]]>y&amp;</a>")
        #expect(tree.root.attributes["t"] == "<AB\"")
        #expect(tree.root.text == "x<&>y&")
    }
}

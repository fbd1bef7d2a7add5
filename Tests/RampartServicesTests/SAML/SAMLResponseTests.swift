import Foundation
import RampartCore
import Testing

@testable import RampartServices

/// Responses signed by signxml verify with the IdP's certificate and nothing else; a changed byte, a
/// second assertion or a moved signature does not.
struct SAMLResponseTests {
    private static let trusted = [XMLSignature.base64(SAMLFixture.certificate) ?? []]

    private func parse(_ xml: String) throws -> SAMLResponse {
        try SAMLResponse(base64: Data(xml.utf8).base64EncodedString())
    }

    @Test func signedAssertionAndSignedResponseVerify() throws {
        for xml in [SAMLFixture.signedAssertion, SAMLFixture.signedResponse] {
            let response = try parse(xml)
            try response.verify(trusting: Self.trusted)
            let assertion = try SAMLAssertion(response)
            #expect(assertion.issuer == SAMLFixture.entityID)
            #expect(assertion.subject == "alice@example.com")
            #expect(
                assertion.values(SAMLSessionAttributes.role) == ["\(SAMLFixture.roleArn),\(SAMLFixture.providerArn)"])
        }
    }

    @Test func anotherCertificateDoesNotVerify() throws {
        let metadataCertificate = XMLSignature.base64(SAMLMetadataTests.certificate) ?? []
        #expect(throws: AWSError.responseSignatureInvalid) {
            try parse(SAMLFixture.signedAssertion).verify(trusting: [metadataCertificate])
        }
    }

    @Test func changedContentDoesNotVerify() throws {
        for xml in [SAMLFixture.signedAssertion, SAMLFixture.signedResponse] {
            let tampered = xml.replacingOccurrences(of: "alice@example.com", with: "admin@example.com")
            #expect(throws: AWSError.responseSignatureInvalid) { try parse(tampered).verify(trusting: Self.trusted) }
        }
    }

    @Test func unsignedResponseDoesNotVerify() throws {
        let unsigned = SAMLFixture.signedAssertion.replacingOccurrences(
            of: #"<ds:Signature [\s\S]*</ds:Signature>"#, with: "", options: .regularExpression)
        #expect(throws: AWSError.responseSignatureInvalid) { try parse(unsigned).verify(trusting: Self.trusted) }
    }

    @Test func wrappedAssertionsAreRefused() throws {
        let signed = SAMLFixture.signedAssertion
        guard let start = signed.range(of: "<saml:Assertion"), let end = signed.range(of: "</saml:Assertion>") else {
            Issue.record("fixture without an assertion")
            return
        }
        let assertion = String(signed[start.lowerBound..<end.upperBound])
        let evil = #"<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_evil" Version="2.0"/>"#
        // A second assertion anywhere, or the signed one moved out of its place, is refused before any
        // signature is looked at.
        #expect(throws: AWSError.self) {
            try parse(signed.replacingOccurrences(of: assertion, with: evil + assertion))
        }
        #expect(throws: AWSError.self) {
            try parse(
                signed.replacingOccurrences(of: assertion, with: "<samlp:Extensions>\(assertion)</samlp:Extensions>"))
        }
        // The signature moved from the signed assertion to another with the same ID: two elements carry it.
        let sameID = signed.replacingOccurrences(
            of: assertion,
            with: "<samlp:Extensions>\(assertion)</samlp:Extensions>"
                + evil.replacingOccurrences(of: "_evil", with: "_fixture1"))
        #expect(throws: AWSError.self) { try parse(sameID).verify(trusting: Self.trusted) }
    }

    @Test func keyInfoCertificateMustBeTheProvidersOwn() throws {
        let signed = SAMLFixture.signedAssertion.replacingOccurrences(
            of: #"<ds:X509Certificate>[^<]*</ds:X509Certificate>"#,
            with: "<ds:X509Certificate>\(SAMLMetadataTests.certificate)</ds:X509Certificate>",
            options: .regularExpression)
        #expect(throws: AWSError.responseSignatureInvalid) { try parse(signed).verify(trusting: Self.trusted) }
    }

    @Test func relyingPartyChecksTimesAndEndpoints() throws {
        let response = try parse(SAMLFixture.signedAssertion)
        let assertion = try SAMLAssertion(response)
        let party = SAMLRelyingParty(entityID: SAMLFixture.entityID, partition: .commercial, providerUUID: "ABC")
        let now = assertion.notBefore?.addingTimeInterval(120) ?? Date()
        try party.check(assertion, now: now)
        #expect(throws: AWSError.self) {
            try party.check(assertion, now: assertion.subjectNotOnOrAfter.addingTimeInterval(61))
        }
        #expect(throws: AWSError.self) { try party.check(assertion, now: now.addingTimeInterval(-600)) }
        let other = SAMLRelyingParty(entityID: "https://other.test", partition: .commercial, providerUUID: "ABC")
        #expect(throws: AWSError.invalidIdentityToken("Issuer not present in specified provider")) {
            try other.check(assertion, now: now)
        }
        for url in [
            "https://signin.aws.amazon.com/saml", "https://eu-west-1.signin.aws.amazon.com/saml",
            "https://signin.aws.amazon.com/static/saml", "https://us-east-2.signin.aws.amazon.com/saml/acs/ABC",
        ] {
            #expect(party.isSignInEndpoint(url), "\(url)")
        }
        for url in [
            "http://signin.aws.amazon.com/saml", "https://signin.aws.amazon.com.evil.test/saml",
            "https://evil.test/signin.aws.amazon.com/saml", "https://x.y.signin.aws.amazon.com/saml",
            "https://signin.aws.amazon.com/saml/acs/OTHER", "https://signin.amazonaws.cn/saml",
        ] {
            #expect(!party.isSignInEndpoint(url), "\(url)")
        }
    }

    @Test func nameQualifierIsAWSsHash() {
        // base64(SHA-1("https://idp.test/fixture" + "123456789012" + "/fixture")), computed with Python's hashlib.
        #expect(
            SAMLConditionKeys.nameQualifier(
                issuer: SAMLFixture.entityID, account: "123456789012", providerName: "fixture")
                == "/TSMdOXpfJB0XUv/DhvV94JaKRI=")
    }
}

import Foundation
import Testing

@testable import RampartServices

@Suite struct ServerCertificateBundleTests {
    let fixtures = KeyMaterialFixtures.self
    /// A day into the fixtures' validity, so the tests do not age with the calendar.
    var now: Date { Self.leaf.certificate.notValidBefore.addingTimeInterval(86_400) }
    static let leaf = try! UploadedCertificate(pem: KeyMaterialFixtures.leafCertificate)

    func bundle(body: String? = nil, key: String? = nil, chain: String? = nil, at date: Date? = nil)
        throws(ServerCertificateBundle.Problem) -> ServerCertificateBundle
    {
        try ServerCertificateBundle(
            body: body ?? fixtures.leafCertificate, privateKey: key ?? fixtures.leafKeyPKCS8, chain: chain,
            now: date ?? now)
    }

    @Test func acceptsEveryKeyFormAndAChain() throws {
        _ = try bundle()
        _ = try bundle(key: fixtures.leafKeyPKCS1)
        _ = try bundle(chain: fixtures.caCertificate)
        _ = try bundle(body: fixtures.ecCertificate, key: fixtures.ecKeyPKCS8)
        _ = try bundle(body: fixtures.ecCertificate, key: fixtures.ecKeySEC1)
    }

    @Test func readsTheExpiry() throws {
        let parsed = try bundle()
        // openssl x509 -days 3650.
        let lifetime = parsed.certificate.certificate.notValidAfter.timeIntervalSince(
            parsed.certificate.certificate.notValidBefore)
        #expect(lifetime == 3650 * 86_400)
    }

    @Test func aKeyOfAnotherCertificateIsAMismatch() {
        #expect(throws: ServerCertificateBundle.Problem.keyMismatch) { try bundle(key: fixtures.caKey) }
        #expect(throws: ServerCertificateBundle.Problem.keyMismatch) { try bundle(key: fixtures.ecKeyPKCS8) }
    }

    @Test func unreadableInputsAreNamed() {
        let truncated = String(fixtures.leafCertificate.dropLast(40)) + "\n-----END CERTIFICATE-----"
        #expect(throws: ServerCertificateBundle.Problem.unparsableCertificate) { try bundle(body: truncated) }
        #expect(throws: ServerCertificateBundle.Problem.unparsableCertificate) { try bundle(body: "garbage") }
        #expect(throws: ServerCertificateBundle.Problem.unparsableCertificate) {
            try bundle(body: fixtures.leafCertificate + "\n" + fixtures.caCertificate)
        }
        #expect(throws: ServerCertificateBundle.Problem.unparsablePrivateKey) { try bundle(key: "garbage") }
        #expect(throws: ServerCertificateBundle.Problem.unparsablePrivateKey) {
            try bundle(key: fixtures.spkiRSA2048)
        }
        #expect(throws: ServerCertificateBundle.Problem.unparsablePrivateKey) {
            try bundle(
                key: fixtures.leafKeyPKCS8.replacingOccurrences(of: "PRIVATE KEY", with: "ENCRYPTED PRIVATE KEY"))
        }
    }

    @Test func aChainMustIssueInOrder() {
        // The leaf itself is not the CA that issued it: index 0 does not fit.
        #expect(throws: ServerCertificateBundle.Problem.invalidChain(index: 0)) {
            try bundle(chain: fixtures.leafCertificate)
        }
        #expect(throws: ServerCertificateBundle.Problem.invalidChain(index: 1)) {
            try bundle(chain: fixtures.caCertificate + "\n" + fixtures.ecCertificate)
        }
        #expect(throws: ServerCertificateBundle.Problem.invalidChain(index: -1)) { try bundle(chain: "nonsense") }
    }

    @Test func outsideItsValidityTheCertificateFails() {
        #expect(throws: ServerCertificateBundle.Problem.invalidChain(index: -1)) {
            try bundle(at: Self.leaf.certificate.notValidBefore.addingTimeInterval(-60))
        }
        #expect(throws: ServerCertificateBundle.Problem.invalidChain(index: -1)) {
            try bundle(at: Self.leaf.certificate.notValidAfter.addingTimeInterval(60))
        }
    }

    @Test func truncatedDERNeverParses() throws {
        let der = try PEMBlock.parseAll(fixtures.leafCertificate)[0].der
        for length in stride(from: 0, to: der.count, by: 7) {
            let block = PEMBlock(label: "CERTIFICATE", der: Array(der.prefix(length)))
            #expect(throws: UploadedCertificate.Unparsable.self) { try UploadedCertificate(block: block) }
        }
    }
}

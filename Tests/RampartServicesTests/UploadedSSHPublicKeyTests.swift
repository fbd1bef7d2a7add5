import Foundation
import Testing

@testable import RampartServices

@Suite struct UploadedSSHPublicKeyTests {
    let fixtures = KeyMaterialFixtures.self

    @Test func readsOpenSSHAndComputesAWSFingerprint() throws {
        let key = try UploadedSSHPublicKey(body: fixtures.sshRSA2048)
        #expect(key.encoding == .ssh)
        #expect(key.numbers.bitCount == 2048)
        #expect(key.fingerprint == fixtures.md5Fingerprint)
        // The comment is the user's, not part of the key.
        #expect(fixtures.sshRSA2048.hasPrefix(key.openSSH + " "))
    }

    @Test func convertsToThePEMThatSSHKeygenWrites() throws {
        let key = try UploadedSSHPublicKey(body: fixtures.sshRSA2048)
        #expect(key.pem == fixtures.spkiRSA2048 + "\n")
    }

    @Test func readsPEMInBothRSAForms() throws {
        for body in [fixtures.spkiRSA2048, fixtures.pkcs1RSA2048] {
            let key = try UploadedSSHPublicKey(body: body)
            #expect(key.encoding == .pem)
            #expect(key.fingerprint == fixtures.md5Fingerprint)
            #expect(fixtures.sshRSA2048.hasPrefix(key.openSSH))
        }
    }

    @Test func refusesShortKeys() {
        #expect(
            throws: UploadedSSHPublicKey.ParseError.invalid(
                "The public key is 1024 bits long; it must be at least 2048 bits.")
        ) {
            try UploadedSSHPublicKey(body: fixtures.sshRSA1024)
        }
    }

    @Test func otherKeyTypesAreUnrecognized() {
        for body in [fixtures.sshEd25519, fixtures.spkiEC, "ecdsa-sha2-nistp256 AAAA", "hello", ""] {
            #expect(throws: UploadedSSHPublicKey.ParseError.unrecognizedEncoding, "\(body)") {
                try UploadedSSHPublicKey(body: body)
            }
        }
        #expect(throws: UploadedSSHPublicKey.ParseError.unrecognizedEncoding) {
            try UploadedSSHPublicKey(body: fixtures.caCertificate)
        }
    }

    @Test func garbledKeysAreInvalid() throws {
        let blob = try #require(Data(base64Encoded: String(fixtures.sshRSA2048.split(separator: " ")[1])))
        var lyingType = Array(blob)
        lyingType[7...10] = [0x64, 0x73, 0x73, 0x2D]  // "ssh-" → "dss-"
        let cases = [
            "ssh-rsa", "ssh-rsa !!!!", "ssh-rsa AAAA",
            "ssh-rsa " + Data(blob.dropLast(10)).base64EncodedString(),  // truncated modulus
            "ssh-rsa " + Data(blob + [0]).base64EncodedString(),  // trailing byte
            "ssh-rsa " + Data(lyingType).base64EncodedString(),
            "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----",
            "-----BEGIN PUBLIC KEY-----\nnot base64\n",
            String(repeating: "-----BEGIN PUBLIC KEY-----\n", count: 2000),
        ]
        for body in cases {
            #expect(throws: UploadedSSHPublicKey.malformed, "\(body.prefix(60))") {
                try UploadedSSHPublicKey(body: body)
            }
        }
    }

    @Test func truncatedDERIsInvalidAtEveryLength() throws {
        let der = try PEMBlock.parseAll(fixtures.spkiRSA2048)[0].der
        for length in 0..<der.count {
            #expect(throws: RSAPublicKeyNumbers.ParseError.self) {
                try RSAPublicKeyNumbers(subjectPublicKeyInfo: Array(der.prefix(length)))
            }
        }
    }

    @Test func sshBlobAndSPKIRoundTrip() throws {
        let numbers = try UploadedSSHPublicKey(body: fixtures.sshRSA2048).numbers
        #expect(try RSAPublicKeyNumbers(sshBlob: numbers.sshBlob) == numbers)
        #expect(try RSAPublicKeyNumbers(subjectPublicKeyInfo: numbers.subjectPublicKeyInfo) == numbers)
    }
}

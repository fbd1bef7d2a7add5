import Crypto
import Testing

@testable import RampartMFA

@Suite struct AuthenticatorDataTests {
    static let rpIdHash = Array(SHA256.hash(data: Array("localhost".utf8)))
    static let coseKey = WebAuthnFixtures.b64(WebAuthnFixtures.localhostCase("auth_ok_es256").credentialPublicKey!)

    /// rpIdHash, flags, counter, and for AT an all-zero AAGUID, the credential id and the COSE key.
    static func authenticatorData(
        flags: UInt8, signCount: UInt32 = 0, credentialId: [UInt8]? = nil, key: [UInt8] = coseKey,
        extensions: [UInt8] = []
    ) -> [UInt8] {
        var bytes = rpIdHash + [flags] + CBOREncoder.bigEndian(UInt64(signCount), 4)
        if let credentialId {
            bytes += [UInt8](repeating: 0, count: 16) + CBOREncoder.bigEndian(UInt64(credentialId.count), 2)
            bytes += credentialId + key
        }
        return bytes + extensions
    }

    static func parse(_ bytes: [UInt8]) -> Result<AuthenticatorData, WebAuthnError> {
        Result { () throws(WebAuthnError) in try AuthenticatorData(bytes: bytes) }
    }

    @Test func assertionLayout() throws {
        let data = try AuthenticatorData(bytes: Self.authenticatorData(flags: 0x1d, signCount: 0x0102_0304))
        #expect(data.rpIdHash == Self.rpIdHash)
        #expect(data.signCount == 0x0102_0304)
        #expect(data.userPresent && data.userVerified && data.backupEligible && data.backedUp)
        #expect(data.attestedCredentialData == nil)
        #expect(data.extensions == nil)
    }

    @Test func registrationLayout() throws {
        let id = [UInt8](repeating: 7, count: 20)
        let data = try AuthenticatorData(bytes: Self.authenticatorData(flags: 0x45, credentialId: id))
        let attested = try #require(data.attestedCredentialData)
        #expect(attested.credentialId == id)
        #expect(attested.aaguid == [UInt8](repeating: 0, count: 16))
        #expect(attested.publicKeyBytes == Self.coseKey)
        #expect(try COSEKey(cbor: attested.publicKey, bytes: attested.publicKeyBytes).algorithm == .es256)
    }

    /// The key is followed by the extensions map: the prefix decode tells where one ends and the other begins.
    @Test func extensionsAfterTheKey() throws {
        let extensions = CBOREncoder.encode(.map([(.text("credProtect"), .unsigned(2))]))
        let data = try AuthenticatorData(
            bytes: Self.authenticatorData(flags: 0xc5, credentialId: [1, 2, 3], extensions: extensions))
        #expect(data.attestedCredentialData?.publicKeyBytes == Self.coseKey)
        #expect(data.extensions?.mapValue?["credProtect"] == .unsigned(2))
        let assertion = try AuthenticatorData(bytes: Self.authenticatorData(flags: 0x81, extensions: extensions))
        #expect(assertion.extensions != nil)
    }

    @Test func truncated() {
        let full = Self.authenticatorData(flags: 0x45, credentialId: [1, 2, 3, 4])
        for length in 0..<full.count {
            guard case .failure(let error) = Self.parse(Array(full.prefix(length))) else {
                Issue.record("prefix of \(length) bytes parsed")
                continue
            }
            switch error {
            case .malformedAuthenticatorData, .malformedCBOR: break
            default: Issue.record("prefix of \(length) bytes: \(error)")
            }
        }
        #expect(Self.parse(full).isSuccess)
    }

    @Test func backedUpWithoutBackupEligibleIsInvalid() {
        #expect(
            Self.parse(Self.authenticatorData(flags: 0x11)).error
                == .invalidFlags("backed up (BS) without backup eligible (BE)"))
        #expect(Self.parse(Self.authenticatorData(flags: 0x19)).isSuccess)
        #expect(Self.parse(Self.authenticatorData(flags: 0x09)).isSuccess)
    }

    @Test func credentialIdLengthLimit() {
        let longest = [UInt8](repeating: 1, count: 1023)
        #expect(Self.parse(Self.authenticatorData(flags: 0x41, credentialId: longest)).isSuccess)
        let tooLong = [UInt8](repeating: 1, count: 1024)
        #expect(
            Self.parse(Self.authenticatorData(flags: 0x41, credentialId: tooLong)).error == .credentialIdTooLong(1024))
        // A declared length of 65535 with nothing behind it is still "too long", not a huge read.
        let declared = Self.rpIdHash + [0x41, 0, 0, 0, 0] + [UInt8](repeating: 0, count: 16) + [0xff, 0xff]
        #expect(Self.parse(declared).error == .credentialIdTooLong(65535))
    }

    @Test func trailingBytes() {
        #expect(Self.parse(Self.authenticatorData(flags: 0x01) + [0x00]).isFailure)
        #expect(Self.parse(Self.authenticatorData(flags: 0x41, credentialId: [1]) + [0xa0]).isFailure)
        // ED with a map and then more.
        #expect(Self.parse(Self.authenticatorData(flags: 0x81, extensions: [0xa0, 0x00])).isFailure)
    }

    @Test func flagsAnnouncingMissingParts() {
        #expect(Self.parse(Self.authenticatorData(flags: 0x41)).isFailure)
        #expect(Self.parse(Self.authenticatorData(flags: 0x81)).isFailure)
        // ED with something other than a map.
        #expect(Self.parse(Self.authenticatorData(flags: 0x81, extensions: [0x01])).isFailure)
        // AT with a key that is not CBOR.
        #expect(Self.parse(Self.authenticatorData(flags: 0x41, credentialId: [1], key: [0xff])).isFailure)
    }
}

extension Result {
    var error: Failure? { if case .failure(let error) = self { error } else { nil } }
}

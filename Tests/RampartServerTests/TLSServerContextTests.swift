import Foundation
import Testing

@testable import RampartServer

/// The certificate `init --self-signed` issues, and what loading a certificate and key refuses.
struct TLSServerContextTests {
    /// A data folder of its own under the temporary directory.
    func folder() throws -> DataDirectory {
        let directory = DataDirectory(path: NSTemporaryDirectory() + "rampart-tls-\(UUID().uuidString)")
        try directory.prepare()
        return directory
    }

    @Test func aSelfSignedPairLoadsAndReloadsWhenItChanges() throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(atPath: directory.path) }
        let settings = try SelfSignedCertificates.write(in: directory)
        #expect(settings.authorityPath == directory.tlsAuthority)
        #expect(settings.certificatePath.hasPrefix("/"))
        _ = try TLSServerContext.make(settings)
        let reloader = try TLSCertificateReloader(settings: settings, logger: .init(label: "test"))
        let before = FileFingerprint(settings)
        _ = try SelfSignedCertificates.write(in: directory)
        #expect(FileFingerprint(settings) != before)
        #expect(reloader.reload(reason: "test"))
    }

    @Test func aKeyThatIsNotTheCertificatesIsRefused() throws {
        let (one, other) = (try folder(), try folder())
        defer {
            try? FileManager.default.removeItem(atPath: one.path)
            try? FileManager.default.removeItem(atPath: other.path)
        }
        let first = try SelfSignedCertificates.write(in: one)
        let second = try SelfSignedCertificates.write(in: other)
        let mixed = TLSSettings(certificatePath: first.certificatePath, privateKeyPath: second.privateKeyPath)
        #expect {
            try TLSServerContext.make(mixed)
        } throws: { error in
            if case .mismatch = error as? TLSSetupError { return true }
            return false
        }
        // A reload to a mismatched pair keeps the context it had.
        let reloader = try TLSCertificateReloader(settings: first, logger: .init(label: "test"))
        try FileManager.default.removeItem(atPath: first.privateKeyPath)
        try FileManager.default.copyItem(atPath: second.privateKeyPath, toPath: first.privateKeyPath)
        #expect(!reloader.reload(reason: "test"))
    }

    @Test func missingOrEmptyFilesAreNamed() throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(atPath: directory.path) }
        let settings = try SelfSignedCertificates.write(in: directory)
        let missing = TLSSettings(
            certificatePath: directory.path + "/nope.pem", privateKeyPath: settings.privateKeyPath)
        #expect(throws: TLSSetupError.self) { try TLSServerContext.make(missing) }
        try "".write(toFile: directory.path + "/empty.pem", atomically: true, encoding: .utf8)
        let empty = TLSSettings(
            certificatePath: settings.certificatePath, privateKeyPath: directory.path + "/empty.pem")
        #expect {
            try TLSServerContext.make(empty)
        } throws: { error in
            if case .unreadableKey(let path, _) = error as? TLSSetupError { return path.hasSuffix("empty.pem") }
            return false
        }
    }

    @Test(arguments: [("127.0.0.1", "ip4"), ("::1", "ip6"), ("localhost", "dns"), ("id.example.com", "dns")])
    func namesBecomeAddressesOrDNSNames(name: String, kind: String) {
        switch SelfSignedCertificates.generalName(name) {
        case .ipAddress(let bytes): #expect(kind == (bytes.bytes.count == 4 ? "ip4" : "ip6"))
        case .dnsName(let dns): #expect(kind == "dns" && dns == name)
        default: Issue.record("unexpected kind of name for \(name)")
        }
    }
}

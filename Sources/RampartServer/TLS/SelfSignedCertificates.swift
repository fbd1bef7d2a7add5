import Crypto
import Foundation
import RampartStore
import SwiftASN1
import X509

/// A certificate authority of its own and a server certificate it signs, for running over HTTPS on
/// one machine (`rampart init --self-signed`). Clients trust the authority (`AWS_CA_BUNDLE`), not
/// the server certificate, so the server's can be issued again without touching them. The
/// authority's private key is never written: it signs this one certificate and is gone, so trusting
/// it trusts nothing else.
public enum SelfSignedCertificates {
    /// The names the server certificate is good for: what a local client puts in its URL.
    public static let localNames = ["localhost", "127.0.0.1", "::1"]

    /// How long each certificate is valid: the authority ten years, the server 825 days (the
    /// longest that Apple's clients accept for a server certificate).
    static let authorityLifetime: TimeInterval = 10 * 365 * 86_400
    static let serverLifetime: TimeInterval = 825 * 86_400

    public struct Issued: Sendable {
        public var authorityPEM: String
        public var certificatePEM: String
        public var privateKeyPEM: String
    }

    /// Issues a new authority and server certificate for `names` (host names or IP addresses).
    public static func issue(names: [String] = localNames, now: Date = Date()) throws -> Issued {
        let authorityKey = P256.Signing.PrivateKey()
        let serverKey = P256.Signing.PrivateKey()
        let authorityName = try DistinguishedName {
            OrganizationName("Rampart")
            CommonName("Rampart local certificate authority \(Self.serialSuffix())")
        }
        let authorityPublicKey = Certificate.PublicKey(authorityKey.publicKey)
        let authorityKeyId = SubjectKeyIdentifier(hash: authorityPublicKey).keyIdentifier
        // Backdated a little: a client whose clock is a minute behind still accepts it.
        let notBefore = now.addingTimeInterval(-300)
        let authority = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: authorityPublicKey,
            notValidBefore: notBefore, notValidAfter: now.addingTimeInterval(authorityLifetime),
            issuer: authorityName, subject: authorityName, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(keyIdentifier: authorityKeyId)
            },
            issuerPrivateKey: Certificate.PrivateKey(authorityKey))
        let serverPublicKey = Certificate.PublicKey(serverKey.publicKey)
        let server = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: serverPublicKey,
            notValidBefore: notBefore, notValidAfter: now.addingTimeInterval(serverLifetime),
            issuer: authorityName,
            subject: try DistinguishedName {
                OrganizationName("Rampart")
                CommonName(names.first ?? "localhost")
            },
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames(names.map(generalName))
                SubjectKeyIdentifier(hash: serverPublicKey)
                AuthorityKeyIdentifier(keyIdentifier: authorityKeyId)
            },
            issuerPrivateKey: Certificate.PrivateKey(authorityKey))
        return Issued(
            authorityPEM: try authority.serializeAsPEM().pemString + "\n",
            certificatePEM: try server.serializeAsPEM().pemString + "\n",
            privateKeyPEM: serverKey.pemRepresentation + "\n")
    }

    /// Issues certificates for `names` and writes them into the data folder's `tls/` (the key
    /// readable by its owner only); returns the settings that serve them.
    public static func write(
        in directory: DataDirectory, names: [String] = localNames, now: Date = Date()
    ) throws -> TLSSettings {
        let issued = try issue(names: names, now: now)
        // Absolute paths: the AWS profile and the printed commands are used from other folders.
        let directory = DataDirectory(path: URL(fileURLWithPath: directory.path).standardizedFileURL.path)
        try FileManager.default.createDirectory(
            atPath: directory.tlsFolder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        // The key first: a server watching the files reloads only once the pair matches.
        try SecureFile.write(issued.privateKeyPEM, to: directory.tlsPrivateKey)
        try issued.certificatePEM.write(toFile: directory.tlsCertificate, atomically: true, encoding: .utf8)
        try issued.authorityPEM.write(toFile: directory.tlsAuthority, atomically: true, encoding: .utf8)
        var settings = TLSSettings(certificatePath: directory.tlsCertificate, privateKeyPath: directory.tlsPrivateKey)
        settings.authorityPath = directory.tlsAuthority
        return settings
    }

    /// A DNS name, or an IP address in the form X.509 wants (its bytes).
    static func generalName(_ name: String) -> GeneralName {
        var v4 = in_addr()
        if inet_pton(AF_INET, name, &v4) == 1 {
            return .ipAddress(ASN1OctetString(contentBytes: withUnsafeBytes(of: &v4) { ArraySlice($0) }))
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, name, &v6) == 1 {
            return .ipAddress(ASN1OctetString(contentBytes: withUnsafeBytes(of: &v6) { ArraySlice($0) }))
        }
        return .dnsName(name)
    }

    /// Tells one issued authority from another in a trust store's list.
    private static func serialSuffix() -> String {
        String(UInt32.random(in: 0...UInt32.max), radix: 16)
    }
}

extension DataDirectory {
    /// The certificates `rampart init --self-signed` writes.
    public var tlsFolder: String { path + "/tls" }
    public var tlsAuthority: String { tlsFolder + "/ca.pem" }
    public var tlsCertificate: String { tlsFolder + "/server.pem" }
    public var tlsPrivateKey: String { tlsFolder + "/server-key.pem" }
}

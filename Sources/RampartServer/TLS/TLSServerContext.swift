import NIOSSL

/// Builds the server's TLS context from PEM files: TLS 1.2 or later, forward-secret AEAD cipher
/// suites only, and ALPN offering HTTP/2 before HTTP/1.1.
enum TLSServerContext {
    /// The TLS 1.2 suites of Mozilla's "intermediate" profile: ECDHE key exchange, AES-GCM or
    /// ChaCha20-Poly1305. TLS 1.3's suites are all of that kind and BoringSSL fixes them.
    static let cipherSuites = [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
    ].joined(separator: ":")

    /// ALPN protocol ids, the server's preference first.
    static let http2 = "h2"
    static let http1 = "http/1.1"

    static func make(_ settings: TLSSettings) throws(TLSSetupError) -> NIOSSLContext {
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(settings.certificatePath)
        } catch {
            throw .unreadableCertificate(settings.certificatePath, "\(error)")
        }
        guard !chain.isEmpty else { throw .unreadableCertificate(settings.certificatePath, "no certificate in it") }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: settings.privateKeyPath, format: .pem)
        } catch {
            throw .unreadableKey(settings.privateKeyPath, "\(error)")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        configuration.cipherSuites = cipherSuites
        configuration.applicationProtocols = [http2, http1]
        do {
            // BoringSSL checks here that the key is the certificate's.
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw .mismatch("\(error)")
        }
    }
}

/// Why the certificate or key could not be used; the message names the file.
public enum TLSSetupError: Error, CustomStringConvertible, Equatable {
    case unreadableCertificate(String, String)
    case unreadableKey(String, String)
    case mismatch(String)

    public var description: String {
        switch self {
        case .unreadableCertificate(let path, let why): "cannot read the TLS certificate \(path): \(why)"
        case .unreadableKey(let path, let why): "cannot read the TLS private key \(path): \(why)"
        case .mismatch(let why): "the TLS certificate and key cannot be used together: \(why)"
        }
    }
}

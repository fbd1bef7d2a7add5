import Foundation
import Logging
import NIOSSL
import Synchronization

/// The TLS context new connections take, replaced when the certificate or key is reloaded. A
/// connection keeps the context it was accepted with, so a reload drops none: only handshakes
/// after it see the new certificate. A reload that fails (a half-written file, a key that is not
/// the certificate's) keeps the old context and says why in the log.
final class TLSCertificateReloader: Sendable {
    let settings: TLSSettings
    private let logger: Logger
    private let state: Mutex<State>

    private struct State {
        var context: NIOSSLContext
        /// The files as last read (or tried), to notice a change without reading them.
        var fingerprint: FileFingerprint
    }

    /// Reads the files once; an error here stops the server from starting.
    init(settings: TLSSettings, logger: Logger) throws(TLSSetupError) {
        self.settings = settings
        self.logger = logger
        let fingerprint = FileFingerprint(settings)
        let context = try TLSServerContext.make(settings)
        state = Mutex(State(context: context, fingerprint: fingerprint))
    }

    var current: NIOSSLContext { state.withLock { $0.context } }

    /// Reads the files again and serves them from the next handshake on.
    @discardableResult
    func reload(reason: String) -> Bool {
        let fingerprint = FileFingerprint(settings)
        do {
            let context = try TLSServerContext.make(settings)
            state.withLock { $0 = State(context: context, fingerprint: fingerprint) }
            logger.info("TLS certificate reloaded", metadata: ["reason": "\(reason)"])
            return true
        } catch {
            state.withLock { $0.fingerprint = fingerprint }
            logger.error(
                "TLS certificate not reloaded; still serving the previous one",
                metadata: ["reason": "\(reason)", "error": "\(error)"])
            return false
        }
    }

    /// Reloads when either file changed since it was last read: a renewal that writes the
    /// certificate and then the key is tried at the first write (and kept out if the pair does
    /// not match yet) and again at the second.
    func reloadIfChanged() {
        let fingerprint = FileFingerprint(settings)
        guard state.withLock({ $0.fingerprint != fingerprint }) else { return }
        reload(reason: "file changed")
    }
}

/// What identifies a version of the two files without reading them: device, inode, size and
/// modification time of each (a rename over the file changes the inode, an edit in place the time).
struct FileFingerprint: Equatable, Sendable {
    var parts: [Int64]

    init(_ settings: TLSSettings) {
        parts = [settings.certificatePath, settings.privateKeyPath].flatMap(Self.parts)
    }

    private static func parts(_ path: String) -> [Int64] {
        var info = stat()
        guard stat(path, &info) == 0 else { return [-1] }
        #if canImport(Darwin)
            let modified = info.st_mtimespec
        #else
            let modified = info.st_mtim
        #endif
        return [
            Int64(info.st_dev), Int64(info.st_ino), Int64(info.st_size), Int64(modified.tv_sec),
            Int64(modified.tv_nsec),
        ]
    }
}

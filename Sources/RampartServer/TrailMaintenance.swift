import Foundation
import Logging
import RampartCore
import RampartStore
import ServiceLifecycle

/// The trail's background work, run beside the HTTP server: writes the queued events of reads
/// in batches, deletes events past their retention, signs each account's new events in a digest,
/// and writes what is queued once more when the server shuts down.
struct TrailMaintenance: Service {
    let store: any Store
    let settings: TrailSettings
    let clock: any Clock
    let digests: TrailDigestWriter
    let logger: Logger

    func run() async throws {
        var sincePrune = Duration.zero
        var sinceDigest = Duration.zero
        var digests = digests
        await prune()
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await Task.sleep(for: settings.flushInterval)
            await flush()
            sincePrune += settings.flushInterval
            sinceDigest += settings.flushInterval
            if sincePrune >= settings.pruneInterval {
                sincePrune = .zero
                await prune()
            }
            if sinceDigest >= settings.digestInterval {
                sinceDigest = .zero
                await digest(&digests)
            }
        }
        await flush()
    }

    private func digest(_ digests: inout TrailDigestWriter) async {
        do {
            let written = try await digests.digestAll(now: clock.now)
            if written > 0 { logger.debug("audit digests signed", metadata: ["count": "\(written)"]) }
        } catch {
            logger.error("signing audit digests failed", metadata: ["error": "\(error)"])
        }
    }

    private func flush() async {
        do {
            try await store.flushTrail()
        } catch {
            logger.error("writing audit events failed", metadata: ["error": "\(error)"])
        }
    }

    private func prune() async {
        do {
            let removed = try await store.pruneTrail(before: clock.now.addingTimeInterval(-settings.retention))
            if removed > 0 { logger.info("audit events past retention deleted", metadata: ["count": "\(removed)"]) }
        } catch {
            logger.error("deleting old audit events failed", metadata: ["error": "\(error)"])
        }
    }
}

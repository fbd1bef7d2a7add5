import Logging
import ServiceLifecycle
import UnixSignals

/// Reloads the certificate and key on SIGHUP, and when the files change (checked every
/// `TLSSettings.watchInterval`, if set), until the server shuts down.
struct TLSReloadService: Service {
    let reloader: TLSCertificateReloader

    func run() async throws {
        let reloader = reloader
        let interval = reloader.settings.watchInterval
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await _ in hangups { reloader.reload(reason: "SIGHUP") }
                }
                guard let interval else { return }
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: interval)
                        reloader.reloadIfChanged()
                    }
                }
                await group.waitForAll()
            }
        }
    }
}

import RampartServices
import ServiceLifecycle
import UnixSignals

/// On a fleet: follows the instance's keys until the server shuts down. Reloads the master key file
/// on SIGHUP and, checked with each tick, when it changes; each tick seals with the key the store
/// names, announces the keys held, drives a master-key rotation when this instance holds its lease,
/// and signs digests with the audit signing key the store holds.
struct FleetKeyRingService: Service {
    let masterKeys: MasterKeyRotation
    let auditKey: AuditSigningKeyRotation?
    static let interval = Duration.milliseconds(250)

    func run() async throws {
        let masterKeys = masterKeys
        let auditKey = auditKey
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await _ in hangups { await masterKeys.reloadKeyFile() }
                }
                group.addTask {
                    while !Task.isCancelled {
                        await masterKeys.tick()
                        await auditKey?.adoptStoredKey()
                        try? await Task.sleep(for: Self.interval)
                    }
                }
                await group.waitForAll()
            }
        }
    }
}

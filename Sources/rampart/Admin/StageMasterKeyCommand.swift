import ArgumentParser
import Foundation
import RampartStore

/// `rampart admin stage-master-key`: adds a fresh master key below the others in a key file, for a
/// fleet whose instances read copies of the file: stage the key in one copy, hand that file to every
/// instance (each reloads it when it changes, or on SIGHUP), then `rotate-master-key` uses it.
struct StageMasterKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stage-master-key",
        abstract: "Add a new master key to a key file (it opens secrets, and seals none until a rotation).",
        discussion: """
            For a fleet on PostgreSQL whose instances read copies of the key file. Instances that share one \
            file need no staging: rotate-master-key adds the key itself.
            """)

    @Option(name: .long, help: "The master key file to add the key to.")
    var masterKeyFile: String

    func run() async throws {
        let ring = try MasterKeyring.load(at: masterKeyFile)
        let staged = MasterKey.random()
        try MasterKeyring(primary: ring.primary, previous: ring.previous + [staged]).write(to: masterKeyFile)
        Output.line("Staged master key \(staged.idHex) in \(masterKeyFile).")
        Output.line("Give every instance this file, then run `rampart admin rotate-master-key`.")
    }
}

import ArgumentParser
import Foundation
import RampartServer

struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Check serve's configuration.", subcommands: [ConfigCheck.self])
}

struct ConfigCheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Print the configuration serve would run with, each value's source, secrets masked.",
        discussion: """
            Reads the same sources as serve, in its order: the command line (any serve option may follow), \
            RAMPART_* environment variables, the configuration file (--config or RAMPART_CONFIG), the \
            defaults. Exits 64 naming the file, line and option when serve would refuse the configuration.
            """)

    @Option(name: .long, help: "The configuration file to check (default: RAMPART_CONFIG, else none).")
    var config: String?

    @Argument(parsing: .allUnrecognized, help: "Serve options, as they would be given to serve.")
    var serveArguments: [String] = []

    func run() async throws {
        let configuration = try EffectiveOptions(
            options: Serve.configurableOptions, commandLine: (config.map { ["--config", $0] } ?? []) + serveArguments,
            environment: ProcessInfo.processInfo.environment,
            readFile: { try String(contentsOfFile: $0, encoding: .utf8) })
        do {
            _ = try Rampart.parseAsRoot([Serve._commandName] + configuration.arguments)
        } catch {
            FileHandle.standardError.write(
                Data((ServeInvocation.message(for: error, configuration: configuration) + "\n").utf8))
            throw ExitCode.validationFailure
        }
        Output.line("Precedence: command line > environment (RAMPART_*) > configuration file > default.")
        Output.line("Configuration file: \(configuration.file ?? "none")")
        let width = configuration.resolved.map(\.option.name.count).max() ?? 0
        let shown = configuration.resolved.map { entry in
            (entry, Self.text(of: entry))
        }
        let valueWidth = min(shown.map(\.1.count).max() ?? 0, 48)
        for (entry, value) in shown {
            Output.line(
                entry.option.name.padding(toLength: width + 2, withPad: " ", startingAt: 0)
                    + value.padding(toLength: max(valueWidth, value.count) + 2, withPad: " ", startingAt: 0)
                    + entry.source.description)
        }
        let unused = EffectiveOptions.unusedEnvironmentNames(
            options: Serve.configurableOptions, environment: ProcessInfo.processInfo.environment)
        for name in unused { Output.line("note: \(name) is set but is no serve option's variable") }
        Output.line("serve accepts this configuration.")
    }

    private static func text(of entry: ResolvedOption) -> String {
        if entry.option.isFlag { return entry.values.isEmpty ? "false" : "true" }
        if entry.values.isEmpty { return "(not set)" }
        return entry.values.map(entry.option.masked).joined(separator: ", ")
    }
}

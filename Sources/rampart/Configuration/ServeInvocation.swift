import ArgumentParser
import Foundation
import RampartServer

/// Finds whether a command line runs `serve` (by name or as the default command) and, if so,
/// adds what the environment and the configuration file say to it before the parser sees it.
enum ServeInvocation {
    /// Root options that are not serve's, though `serve` is the default command.
    static let rootOptions: Set<String> = [
        "-h", "--help", "--version", "--generate-completion-script", "--experimental-dump-help",
    ]

    /// `arguments` (without the program name), with serve's environment and file values added
    /// when it runs `serve`; the configuration is nil for other commands.
    static func effective(_ arguments: [String], environment: [String: String]) throws(OptionError) -> (
        arguments: [String], configuration: EffectiveOptions?
    ) {
        let serveArguments: [String]
        if arguments.first == Serve._commandName {
            serveArguments = Array(arguments.dropFirst())
        } else if let first = arguments.first, !first.hasPrefix("-") || rootOptions.contains(first) {
            return (arguments, nil)
        } else {
            serveArguments = arguments
        }
        let configuration = try EffectiveOptions(
            options: Serve.configurableOptions, commandLine: serveArguments, environment: environment,
            readFile: { try String(contentsOfFile: $0, encoding: .utf8) })
        return ([Serve._commandName] + configuration.arguments, configuration)
    }

    /// The parser's message for `error`, with where each option it names came from.
    static func message(for error: any Error, configuration: EffectiveOptions?) -> String {
        let message = Rampart.fullMessage(for: error)
        let notes = configuration?.origins(mentionedIn: message) ?? []
        return ([message] + notes.map { "note: \($0)" }).joined(separator: "\n")
    }
}

extension Serve {
    /// The options a configuration file and the environment may set: every option `Serve`
    /// declares (its option groups' too), read from the parser's own description of the command.
    static var configurableOptions: [CommandOption] {
        // The parser's description of a command it declares always decodes; an empty list would
        // only make every file key unknown, which the configuration tests would catch.
        (try? CommandOption.options(fromDump: Serve._dumpHelp())) ?? []
    }
}

import Foundation

/// One option of `rampart serve`, as the argument parser declares it. `Serve`'s option
/// declarations are the one table of serve options: a new `@Option` there is, with no other edit,
/// a flag (`--max-connections`), an environment variable (`RAMPART_MAX_CONNECTIONS`) and a key
/// of the configuration file (`max-connections`), checked by `config check`.
struct ServeOption: Sendable, Equatable {
    /// The long flag name without dashes: the file key too.
    var name: String
    var isFlag: Bool
    var isRepeating: Bool
    /// The default as the parser prints it; nil when the option has none (unset).
    var defaultValue: String?

    /// Environment variables whose name is not derived from the flag's (a URL is called one).
    static let environmentNameExceptions = ["database": "RAMPART_DATABASE_URL"]

    /// Options of `serve` that configure nothing the server uses, so they have no environment
    /// variable or file key: the configuration file itself, and the parser's own.
    static let notConfigurable: Set<String> = ["config", "help", "version", "experimental-dump-help"]

    var environmentName: String {
        Self.environmentNameExceptions[name]
            ?? "RAMPART_" + name.uppercased().replacingOccurrences(of: "-", with: "_")
    }

    /// Whether `config check` prints the value masked: passwords and secret keys by their name
    /// (so a new option named so is masked with no edit), a URL's password wherever it appears.
    var isSecret: Bool { name.contains("password") || name.contains("secret") }

    func masked(_ value: String) -> String {
        if isSecret { return "********" }
        guard let url = URLComponents(string: value), url.scheme != nil, url.password != nil else { return value }
        var shown = url
        shown.password = "********"
        return shown.string ?? "********"
    }
}

extension ServeOption {
    /// The options of a command, read from the argument parser's description of it
    /// (`--experimental-dump-help`'s JSON), which lists every option of every option group.
    static func options(fromDump json: String) throws -> [ServeOption] {
        let dump = try JSONDecoder().decode(Dump.self, from: Data(json.utf8))
        return (dump.command.arguments ?? []).compactMap { argument in
            guard argument.kind == "option" || argument.kind == "flag",
                let long = argument.names?.first(where: { $0.kind == "long" })?.name,
                !notConfigurable.contains(long)
            else { return nil }
            return ServeOption(
                name: long, isFlag: argument.kind == "flag", isRepeating: argument.isRepeating ?? false,
                defaultValue: argument.defaultValue)
        }
    }

    /// The few fields of the parser's ToolInfo (serialization version 0) read here.
    private struct Dump: Decodable {
        struct Command: Decodable { var arguments: [Argument]? }
        struct Argument: Decodable {
            struct Name: Decodable {
                var kind: String
                var name: String
            }
            var kind: String
            var names: [Name]?
            var isRepeating: Bool?
            var defaultValue: String?
        }
        var command: Command
    }
}

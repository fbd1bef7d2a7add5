import Foundation

/// One option of a command (`rampart serve`), as the argument parser declares it. `Serve`'s option
/// declarations are the one table of serve options: a new `@Option` there is, with no other edit,
/// a flag (`--max-connections`), an environment variable (`RAMPART_MAX_CONNECTIONS`) and a key
/// of the configuration file (`max-connections`), checked by `config check`.
public struct CommandOption: Sendable, Equatable {
    /// The long flag name without dashes: the file key too.
    public var name: String
    public var isFlag: Bool
    public var isRepeating: Bool
    /// The default as the parser prints it; nil when the option has none (unset).
    public var defaultValue: String?

    public init(name: String, isFlag: Bool = false, isRepeating: Bool = false, defaultValue: String? = nil) {
        self.name = name
        self.isFlag = isFlag
        self.isRepeating = isRepeating
        self.defaultValue = defaultValue
    }

    /// Environment variables whose name is not derived from the flag's (a URL is called one).
    public static let environmentNameExceptions = ["database": "RAMPART_DATABASE_URL"]

    /// Options of `serve` that configure nothing the server uses, so they have no environment
    /// variable or file key: the configuration file itself, and the parser's own.
    public static let notConfigurable: Set<String> = ["config", "help", "version", "experimental-dump-help"]

    public var environmentName: String {
        Self.environmentNameExceptions[name]
            ?? "RAMPART_" + name.uppercased().replacingOccurrences(of: "-", with: "_")
    }

    /// Whether `config check` prints the value masked: passwords and secret keys by their name
    /// (so a new option named so is masked with no edit), a URL's password wherever it appears.
    public var isSecret: Bool { name.contains("password") || name.contains("secret") }

    public func masked(_ value: String) -> String {
        if isSecret { return "********" }
        guard let url = URLComponents(string: value), url.scheme != nil, url.password != nil else { return value }
        var shown = url
        shown.password = "********"
        return shown.string ?? "********"
    }
}

extension CommandOption {
    /// The options of a command, read from the argument parser's description of it
    /// (`--experimental-dump-help`'s JSON), which lists every option of every option group.
    public static func options(fromDump json: String) throws -> [CommandOption] {
        let dump = try JSONDecoder().decode(Dump.self, from: Data(json.utf8))
        return (dump.command.arguments ?? []).compactMap { argument in
            guard argument.kind == "option" || argument.kind == "flag",
                let long = argument.names?.first(where: { $0.kind == "long" })?.name,
                !notConfigurable.contains(long)
            else { return nil }
            return CommandOption(
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
                public var name: String
            }
            var kind: String
            var names: [Name]?
            public var isRepeating: Bool?
            public var defaultValue: String?
        }
        var command: Command
    }
}

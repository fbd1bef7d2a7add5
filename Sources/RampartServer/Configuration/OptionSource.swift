/// Where an effective serve option came from, in precedence order: the command line wins over
/// the environment, which wins over the configuration file, which wins over the default.
public enum OptionSource: Sendable, Equatable, CustomStringConvertible {
    case commandLine
    case environment(String)
    case file(path: String, line: Int)
    case defaultValue

    public var description: String {
        switch self {
        case .commandLine: "command line"
        case .environment(let name): "environment \(name)"
        case .file(let path, let line): "file \(path):\(line)"
        case .defaultValue: "default"
        }
    }
}

/// A serve option's effective value and where it came from.
public struct ResolvedOption: Sendable, Equatable {
    public var option: CommandOption
    /// Each value as the parser takes it (several for a repeatable option; `true` for a set flag;
    /// none for an unset option or flag).
    public var values: [String]
    public var source: OptionSource
}

/// A configuration that cannot be used, with the place that says so.
public struct OptionError: Error, Equatable, CustomStringConvertible {
    public var description: String

    public init(description: String) {
        self.description = description
    }
}

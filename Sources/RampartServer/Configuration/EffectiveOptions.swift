import Foundation

/// The effective options of `rampart serve`: the command line, then `RAMPART_*` environment
/// variables, then the configuration file, then the defaults. The result is the command line the
/// argument parser is given (what it was, plus the values the environment and the file supply),
/// so every source is parsed and validated by the same code as a flag.
public struct EffectiveOptions: Sendable {
    /// Every configurable option, in the order `serve --help` lists them.
    public let resolved: [ResolvedOption]
    /// `serve`'s arguments with the environment's and the file's values added.
    public let arguments: [String]
    /// The configuration file read, if any.
    public let file: String?

    public static let configEnvironmentName = "RAMPART_CONFIG"

    public init(
        options: [CommandOption], commandLine: [String], environment: [String: String],
        readFile: (String) throws -> String
    ) throws(OptionError) {
        let given = CommandLineValues(commandLine, flags: Set(options.filter(\.isFlag).map(\.name)))
        let path = given.values["config"]?.last ?? environment[Self.configEnvironmentName]
        var fileEntries = [String: ConfigFile.Entry]()
        if let path {
            let text: String
            do {
                text = try readFile(path)
            } catch {
                throw OptionError(description: "cannot read the configuration file \(path)")
            }
            do {
                for entry in try ConfigFile(text: text, path: path).entries { fileEntries[entry.key] = entry }
            } catch {
                throw OptionError(description: error.description)
            }
            let known = Set(options.map(\.name))
            for entry in fileEntries.values.sorted(by: { $0.line < $1.line }) where !known.contains(entry.key) {
                let hyphenated = entry.key.replacingOccurrences(of: "_", with: "-")
                let hint = known.contains(hyphenated) ? " (did you mean \(hyphenated)?)" : ""
                throw OptionError(description: "\(path):\(entry.line): unknown option \(entry.key)\(hint)")
            }
        }
        var resolved = [ResolvedOption]()
        var arguments = commandLine
        for option in options {
            let result: ResolvedOption
            if let values = given.values[option.name] {
                result = ResolvedOption(option: option, values: values, source: .commandLine)
            } else if let text = environment[option.environmentName] {
                let values = try Self.values(fromEnvironment: text, for: option)
                result = ResolvedOption(option: option, values: values, source: .environment(option.environmentName))
            } else if let entry = fileEntries[option.name], let path {
                let values = try Self.values(from: entry, for: option, path: path)
                result = ResolvedOption(option: option, values: values, source: .file(path: path, line: entry.line))
            } else {
                result = ResolvedOption(
                    option: option, values: option.defaultValue.map { [$0] } ?? [], source: .defaultValue)
            }
            if result.source != .commandLine, result.source != .defaultValue {
                arguments += result.values.map { option.isFlag ? "--\(option.name)" : "--\(option.name)=\($0)" }
            }
            resolved.append(result)
        }
        self.resolved = resolved
        self.arguments = arguments
        file = path
    }

    /// `RAMPART_*` variables that set nothing: most likely a misspelt option, which would
    /// otherwise be ignored without a word.
    public static func unusedEnvironmentNames(options: [CommandOption], environment: [String: String]) -> [String] {
        let used = Set(options.map(\.environmentName) + [configEnvironmentName])
        return environment.keys.filter { $0.hasPrefix("RAMPART_") && !used.contains($0) }.sorted()
    }

    /// Notes naming where the options an error message mentions came from, when not the command line.
    public func origins(mentionedIn message: String) -> [String] {
        resolved.compactMap { entry in
            guard entry.source != .commandLine, entry.source != .defaultValue,
                message.contains("--\(entry.option.name)")
            else { return nil }
            return "--\(entry.option.name) came from the \(entry.source)"
        }
    }

    private static func values(fromEnvironment text: String, for option: CommandOption) throws(OptionError)
        -> [String]
    {
        if option.isFlag {
            switch text.lowercased() {
            case "true", "1", "yes", "on": return ["true"]
            case "false", "0", "no", "off", "": return []
            default:
                throw OptionError(description: "\(option.environmentName) must be true or false, not \(text)")
            }
        }
        if option.isRepeating { return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        return [text]
    }

    private static func values(from entry: ConfigFile.Entry, for option: CommandOption, path: String)
        throws(OptionError) -> [String]
    {
        let place = "\(path):\(entry.line): \(entry.key)"
        if option.isFlag {
            switch entry.value {
            case .scalar("true"): return ["true"]
            case .scalar("false"): return []
            default: throw OptionError(description: "\(place) is a flag: true or false")
            }
        }
        switch entry.value {
        case .array(let items):
            guard option.isRepeating else {
                throw OptionError(description: "\(place) takes one value, not an array")
            }
            return items.compactMap(\.commandLineText)
        case .string(let text), .scalar(let text):
            return [text]
        }
    }
}

/// The options given on `serve`'s command line, with their values, as `--name value`,
/// `--name=value` or a bare flag. The argument parser checks the command line itself; this only
/// says which options it sets, so that the environment and the file do not.
struct CommandLineValues {
    var values = [String: [String]]()

    init(_ arguments: [String], flags: Set<String>) {
        var index = 0
        while index < arguments.count {
            let token = arguments[index]
            index += 1
            if token == "--" { break }
            guard token.hasPrefix("--") else { continue }
            let body = token.dropFirst(2)
            if let equals = body.firstIndex(of: "=") {
                values[String(body[..<equals]), default: []].append(String(body[body.index(after: equals)...]))
            } else if !flags.contains(String(body)), index < arguments.count {
                values[String(body), default: []].append(arguments[index])
                index += 1
            } else {
                values[String(body), default: []].append("true")
            }
        }
    }
}

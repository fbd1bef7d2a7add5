import Testing

@testable import RampartServer

/// Precedence of serve's option sources: command line > environment > file > default.
struct EffectiveOptionsTests {
    static let options = [
        CommandOption(name: "port", defaultValue: "9430"),
        CommandOption(name: "host", defaultValue: "127.0.0.1"),
        CommandOption(name: "log-level", defaultValue: "info"),
        CommandOption(name: "root-password"),
        CommandOption(name: "trusted-proxy", isRepeating: true),
        CommandOption(name: "allow-clock-control", isFlag: true),
        CommandOption(name: "database"),
    ]

    func resolve(
        _ commandLine: [String] = [], environment: [String: String] = [:], file: String? = nil
    ) throws(OptionError) -> EffectiveOptions {
        try EffectiveOptions(
            options: Self.options, commandLine: commandLine + (file == nil ? [] : ["--config", "r.toml"]),
            environment: environment, readFile: { _ in file ?? "" })
    }

    func entry(_ name: String, in options: EffectiveOptions) -> ResolvedOption? {
        options.resolved.first { $0.option.name == name }
    }

    @Test func eachSourceWinsOverTheOnesBelowIt() throws {
        let file = "port = 1111\nhost = \"10.0.0.1\"\nlog-level = \"debug\"\n"
        let options = try resolve(
            ["--port", "3333"], environment: ["RAMPART_PORT": "2222", "RAMPART_HOST": "10.0.0.2"], file: file)
        #expect(entry("port", in: options)?.values == ["3333"])
        #expect(entry("port", in: options)?.source == .commandLine)
        #expect(entry("host", in: options)?.values == ["10.0.0.2"])
        #expect(entry("host", in: options)?.source == .environment("RAMPART_HOST"))
        #expect(entry("log-level", in: options)?.values == ["debug"])
        #expect(entry("log-level", in: options)?.source == .file(path: "r.toml", line: 3))
        #expect(entry("root-password", in: options)?.values == [])
        #expect(entry("root-password", in: options)?.source == .defaultValue)
        // The parser gets the command line as given plus what the lower sources supply, never twice.
        #expect(options.arguments == ["--port", "3333", "--config", "r.toml", "--host=10.0.0.2", "--log-level=debug"])
    }

    @Test func withoutFileOrEnvironmentTheCommandLineIsUnchanged() throws {
        let options = try resolve(["--host=0.0.0.0", "--allow-clock-control"])
        #expect(options.arguments == ["--host=0.0.0.0", "--allow-clock-control"])
        #expect(entry("host", in: options)?.source == .commandLine)
        #expect(entry("allow-clock-control", in: options)?.values == ["true"])
        #expect(entry("port", in: options)?.values == ["9430"])
    }

    @Test func flagsAndListsFromTheFileAndTheEnvironment() throws {
        let fromFile = try resolve(file: "allow-clock-control = true\ntrusted-proxy = [\"10.0.0.0/8\", \"::1\"]\n")
        #expect(
            fromFile.arguments.suffix(3) == [
                "--trusted-proxy=10.0.0.0/8", "--trusted-proxy=::1", "--allow-clock-control",
            ])
        let off = try resolve(file: "allow-clock-control = false\n")
        #expect(!off.arguments.contains("--allow-clock-control"))
        let fromEnvironment = try resolve(
            environment: ["RAMPART_ALLOW_CLOCK_CONTROL": "1", "RAMPART_TRUSTED_PROXY": "10.0.0.1, 10.0.0.2"])
        #expect(
            fromEnvironment.arguments == [
                "--trusted-proxy=10.0.0.1", "--trusted-proxy=10.0.0.2", "--allow-clock-control",
            ])
        #expect(throws: OptionError.self) { try resolve(environment: ["RAMPART_ALLOW_CLOCK_CONTROL": "maybe"]) }
        #expect(throws: OptionError(description: "r.toml:1: allow-clock-control is a flag: true or false")) {
            try resolve(file: "allow-clock-control = \"yes\"\n")
        }
        #expect(throws: OptionError(description: "r.toml:1: port takes one value, not an array")) {
            try resolve(file: "port = [1, 2]\n")
        }
    }

    @Test func unknownFileKeysAreNamedWithTheirLine() {
        #expect(throws: OptionError(description: "r.toml:2: unknown option prot")) {
            try resolve(file: "port = 1\nprot = 2\n")
        }
        #expect(throws: OptionError(description: "r.toml:1: unknown option log_level (did you mean log-level?)")) {
            try resolve(file: "log_level = \"debug\"\n")
        }
        #expect(throws: OptionError(description: "r.toml:3: port is already set on line 1")) {
            try resolve(file: "port = 1\n\nport = 2\n")
        }
    }

    @Test func theConfigFileMayComeFromTheEnvironment() throws {
        let options = try EffectiveOptions(
            options: Self.options, commandLine: [], environment: ["RAMPART_CONFIG": "/etc/rampart.toml"],
            readFile: { path in path == "/etc/rampart.toml" ? "port = 7\n" : "" })
        #expect(options.file == "/etc/rampart.toml")
        #expect(entry("port", in: options)?.source == .file(path: "/etc/rampart.toml", line: 1))
    }

    @Test func environmentNamesAndMasking() {
        #expect(CommandOption(name: "max-connections").environmentName == "RAMPART_MAX_CONNECTIONS")
        #expect(CommandOption(name: "database").environmentName == "RAMPART_DATABASE_URL")
        #expect(CommandOption(name: "root-password").masked("hunter2") == "********")
        #expect(CommandOption(name: "admin-secret-access-key").masked("abc") == "********")
        #expect(
            CommandOption(name: "database").masked("postgres://rampart:s3cret@db:5432/rampart")
                == "postgres://rampart:********@db:5432/rampart")
        #expect(CommandOption(name: "host").masked("127.0.0.1") == "127.0.0.1")
    }

    @Test func misspeltVariablesAreNamed() {
        let environment = ["RAMPART_PROT": "1", "RAMPART_PORT": "2", "RAMPART_CONFIG": "f", "HOME": "/root"]
        #expect(
            EffectiveOptions.unusedEnvironmentNames(options: Self.options, environment: environment) == ["RAMPART_PROT"]
        )
    }

    @Test func originsNameWhereAnOptionInAnErrorCameFrom() throws {
        let options = try resolve(environment: ["RAMPART_PORT": "x"], file: "host = \"h\"\n")
        #expect(
            options.origins(mentionedIn: "The value 'x' is invalid for '--port <port>'")
                == ["--port came from the environment RAMPART_PORT"])
    }

    @Test func optionsAreReadFromTheParsersDescription() throws {
        let dump = """
            {"serializationVersion":0,"command":{"commandName":"serve","arguments":[
            {"kind":"option","names":[{"kind":"long","name":"port"}],"defaultValue":"9430","isRepeating":false},
            {"kind":"flag","names":[{"kind":"long","name":"allow-clock-control"}],"isRepeating":false},
            {"kind":"option","names":[{"kind":"long","name":"trusted-proxy"}],"isRepeating":true},
            {"kind":"option","names":[{"kind":"long","name":"config"}]},
            {"kind":"flag","names":[{"kind":"short","name":"h"},{"kind":"long","name":"help"}]}]}}
            """
        #expect(
            try CommandOption.options(fromDump: dump) == [
                CommandOption(name: "port", defaultValue: "9430"),
                CommandOption(name: "allow-clock-control", isFlag: true),
                CommandOption(name: "trusted-proxy", isRepeating: true),
            ])
    }
}

import Foundation

/// Folders for tests' data, under one folder per test process that is removed when the process exits:
/// Swift Testing's suites here are structs with no teardown, and `swift test` run directly used to leave
/// about ninety folders in the temporary directory per run.
enum TestFolder {
    /// A new, empty folder named `prefix` and a UUID.
    static func make(_ prefix: String) throws -> URL {
        let folder = root.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    private static let root: URL = {
        atexit { try? FileManager.default.removeItem(at: TestFolder.processRoot()) }
        return processRoot()
    }()

    private static func processRoot() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("rampart-services-tests-\(getpid())")
    }
}

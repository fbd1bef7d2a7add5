import Foundation

/// Writes straight to standard output, unbuffered, so a supervisor or test harness reading
/// a pipe sees each line the moment it is written.
enum Output {
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}

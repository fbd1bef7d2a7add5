import Foundation

/// A vendor's seed file as CSV: `serial,base32-seed[,algorithm,digits,period]` per line; blank
/// lines, `#` comments and a header line starting with `serial` are skipped.
enum HardwareTokenFile {
    struct Malformed: Error, CustomStringConvertible {
        var line: Int
        var description: String { "line \(line): expected serial,base32-seed[,algorithm,digits,period]" }
    }

    static func parse(_ text: String) throws -> [[String: Any]] {
        var devices = [[String: Any]]()
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") || line.lowercased().hasPrefix("serial") { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard (2...5).contains(fields.count), !fields[0].isEmpty, !fields[1].isEmpty else {
                throw Malformed(line: index + 1)
            }
            var device: [String: Any] = ["SerialNumber": fields[0], "Base32StringSeed": fields[1]]
            if fields.count > 2, !fields[2].isEmpty { device["Algorithm"] = fields[2] }
            if fields.count > 3, !fields[3].isEmpty {
                guard let digits = Int(fields[3]) else { throw Malformed(line: index + 1) }
                device["Digits"] = digits
            }
            if fields.count > 4, !fields[4].isEmpty {
                guard let period = Int(fields[4]) else { throw Malformed(line: index + 1) }
                device["Period"] = period
            }
            devices.append(device)
        }
        return devices
    }
}

import Foundation
import Logging
import RampartCore

/// swift-log's handler for JSON lines: `time` (ISO 8601, milliseconds, UTC), `level`, `logger`,
/// `message`, then each metadata value as a field of its own (a key that would shadow one of those
/// four is prefixed with `meta_`). Nested metadata becomes nested JSON; integers and finite doubles
/// given as `stringConvertible` are written as JSON numbers.
struct JSONLogHandler: LogHandler {
    static let reservedKeys: Set<String> = ["time", "level", "logger", "message"]

    let label: String
    let output: LogOutput
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    init(label: String, output: LogOutput) {
        self.label = label
        self.output = output
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields = metadata
        if let provided = metadataProvider?.get() { fields.merge(provided) { _, new in new } }
        if let own = event.metadata { fields.merge(own) { _, new in new } }
        output.write(
            line: Self.line(
                time: Date(), level: event.level, label: label, message: event.message.description, metadata: fields))
    }

    /// The JSON line, newline included. A pure function: the tests read it back with a JSON parser.
    static func line(
        time: Date, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata
    ) -> [UInt8] {
        var json = JSONLine()
        json.field("time", timestamp(time))
        json.field("level", level.rawValue)
        json.field("logger", label)
        json.field("message", message)
        for key in metadata.keys.sorted() {
            json.key(reservedKeys.contains(key) ? "meta_" + key : key)
            json.value(metadata[key]!)
        }
        return json.finish()
    }

    /// `2026-12-06T10:25:15.042Z`: the trail's second-resolution time with milliseconds.
    static func timestamp(_ time: Date) -> String {
        let millis = Int((time.timeIntervalSince1970 * 1000).rounded(.down)) % 1000
        let padded = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return Timestamp.iso8601(time).dropLast() + "." + padded + "Z"
    }
}

/// A JSON object written field by field, escaped as RFC 8259 requires.
struct JSONLine {
    private var bytes: [UInt8] = [UInt8(ascii: "{")]
    private var first = true

    mutating func field(_ key: String, _ value: String) {
        self.key(key)
        string(value)
    }

    mutating func key(_ key: String) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        string(key)
        bytes.append(UInt8(ascii: ":"))
    }

    mutating func value(_ value: Logger.Metadata.Value) {
        switch value {
        case .string(let text): string(text)
        case .stringConvertible(let convertible):
            // Numbers stay numbers (a status, a duration), so that a collector can compare them.
            if convertible is any BinaryInteger || (convertible as? Double)?.isFinite == true {
                bytes += Array(convertible.description.utf8)
            } else {
                string(convertible.description)
            }
        case .array(let values):
            bytes.append(UInt8(ascii: "["))
            for (index, inner) in values.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                self.value(inner)
            }
            bytes.append(UInt8(ascii: "]"))
        case .dictionary(let dictionary):
            var nested = JSONLine()
            for key in dictionary.keys.sorted() {
                nested.key(key)
                nested.value(dictionary[key]!)
            }
            bytes += nested.finish().dropLast()
        }
    }

    mutating func finish() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    private mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case UInt8(ascii: "\n"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case UInt8(ascii: "\r"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case UInt8(ascii: "\t"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20:
                bytes += Array("\\u00".utf8)
                let digits = Array("0123456789abcdef".utf8)
                bytes.append(digits[Int(byte >> 4)])
                bytes.append(digits[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

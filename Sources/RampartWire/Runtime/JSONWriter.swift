import Foundation
import RampartCore

/// A byte buffer that JSON 1.1 responses are written into, the counterpart of `XMLWriter`: keys
/// and values in the order they are written, no intermediate tree, no Foundation encoder.
///
/// The writer places the commas itself (`needsComma`: a value or a closed container was just
/// written), so a generated encoder only says `key("Id")`, `string(id)`, `beginArray()`….
public struct JSONWriter: Sendable {
    public private(set) var bytes: [UInt8]
    private var needsComma = false

    public init(capacity: Int = 512) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// The body of an operation without output: `{}`.
    public static let emptyObject: [UInt8] = Array("{}".utf8)

    @inline(__always)
    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    public mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    public mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    public mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    public mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// A member name known at compile time (the model's, never in need of escaping): `"Id":`.
    @inline(__always)
    public mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// A member name from data (a map's key), escaped.
    public mutating func dynamicKey(_ name: String) {
        separate()
        JSONText.appendString(name, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    public mutating func string(_ value: String) {
        separate()
        JSONText.appendString(value, to: &bytes)
        needsComma = true
    }

    public mutating func int(_ value: Int) {
        separate()
        DecimalDigits.append(value, to: &bytes)
        needsComma = true
    }

    public mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: value ? Self.trueLiteral : Self.falseLiteral)
        needsComma = true
    }

    /// The shortest text that reads back as `value`; JSON has no infinities or NaN, so those are null.
    public mutating func double(_ value: Double) {
        guard value.isFinite else { return null() }
        separate()
        bytes.append(contentsOf: Array(value.description.utf8))
        needsComma = true
    }

    public mutating func null() {
        separate()
        bytes.append(contentsOf: Self.nullLiteral)
        needsComma = true
    }

    public mutating func base64(_ value: [UInt8]) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        Base64.append(value, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// Epoch seconds to the nearest millisecond, as Coral writes them: Java's `Double.toString`,
    /// which is `1.562054355238E9` (computerized scientific notation from 10^7 seconds, mid-1970,
    /// on), `1.5E9`, `86400.5` below that, `0.0`. botocore reads any JSON number here.
    public mutating func timestamp(_ value: Date) {
        separate()
        let exact = (value.timeIntervalSince1970 * 1000).rounded()
        let milliseconds = Int(exactly: exact) ?? (exact < 0 ? Int.min : Int.max)
        if milliseconds < 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = milliseconds.magnitude
        if magnitude >= 10_000_000_000 {
            // The digits in place, trailing zeros dropped, a point after the first: d.ddd…E<exponent>.
            let start = bytes.count
            DecimalDigits.append(magnitude: magnitude, to: &bytes)
            let exponent = bytes.count - start - 4
            while bytes.count > start + 1 && bytes[bytes.count - 1] == UInt8(ascii: "0") { bytes.removeLast() }
            bytes.insert(UInt8(ascii: "."), at: start + 1)
            if bytes.count == start + 2 { bytes.append(UInt8(ascii: "0")) }
            bytes.append(UInt8(ascii: "E"))
            DecimalDigits.append(exponent, to: &bytes)
        } else {
            DecimalDigits.append(magnitude: magnitude / 1000, to: &bytes)
            bytes.append(UInt8(ascii: "."))
            var fraction = magnitude % 1000
            if fraction == 0 {
                bytes.append(UInt8(ascii: "0"))
            } else {
                var divisor: UInt = 100
                while fraction > 0 {
                    bytes.append(UInt8(ascii: "0") + UInt8(fraction / divisor))
                    fraction %= divisor
                    divisor /= 10
                }
            }
        }
        needsComma = true
    }

    /// Any parsed value, object members in name order (for round trips of `JSONValue`).
    public mutating func value(_ value: JSONValue) {
        switch value {
        case .object(let members):
            beginObject()
            for name in members.keys.sorted() {
                dynamicKey(name)
                self.value(members[name] ?? .null)
            }
            endObject()
        case .array(let items):
            beginArray()
            for item in items { self.value(item) }
            endArray()
        case .string(let text): string(text)
        case .number(let text):
            separate()
            bytes.append(contentsOf: Array(text.utf8))
            needsComma = true
        case .bool(let flag): bool(flag)
        case .null: null()
        }
    }

    private static let trueLiteral: [UInt8] = Array("true".utf8)
    private static let falseLiteral: [UInt8] = Array("false".utf8)
    private static let nullLiteral: [UInt8] = Array("null".utf8)
}

import Foundation

/// A JSON value of an event or a pattern. Numbers are doubles: EventBridge compares numbers as
/// such (`5` equals `5.0`), and its numeric matching has double precision too.
public indirect enum EventJSON: Sendable, Equatable {
    case object([String: EventJSON])
    case array([EventJSON])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    /// Parses JSON text (Foundation's reader: one pass, linear in the text); nil when it is not JSON.
    public init?(parsing text: String) {
        guard let value = try? JSONDecoder().decode(EventJSON.self, from: Data(text.utf8)) else { return nil }
        self = value
    }

    public subscript(key: String) -> EventJSON? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }
}

extension EventJSON: Decodable {
    public init(from decoder: any Decoder) throws {
        if var list = try? decoder.unkeyedContainer() {
            var items: [EventJSON] = []
            while !list.isAtEnd { items.append(try list.decode(EventJSON.self)) }
            self = .array(items)
            return
        }
        if let object = try? decoder.container(keyedBy: AnyKey.self) {
            var members: [String: EventJSON] = [:]
            for key in object.allKeys { members[key.stringValue] = try object.decode(EventJSON.self, forKey: key) }
            self = .object(members)
            return
        }
        let value = try decoder.singleValueContainer()
        if value.decodeNil() {
            self = .null
        } else if let flag = try? value.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? value.decode(Double.self) {
            self = .number(number)
        } else {
            self = .string(try value.decode(String.self))
        }
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

extension EventJSON {
    /// Compact JSON text, members sorted by name so that the same value always reads the same.
    public var text: String {
        var out = ""
        write(to: &out)
        return out
    }

    func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .number(let number): out += Self.numberText(number)
        case .string(let text): Self.quote(text, into: &out)
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                item.write(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { out += "," }
                Self.quote(key, into: &out)
                out += ":"
                members[key]!.write(to: &out)
            }
            out += "}"
        }
    }

    static func numberText(_ number: Double) -> String {
        if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
        return String(number)
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped, nothing else.
    public static func quote(_ text: String, into out: inout String) {
        out += "\""
        escape(text, into: &out)
        out += "\""
    }

    static func escape(_ text: String, into out: inout String) {
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
    }
}

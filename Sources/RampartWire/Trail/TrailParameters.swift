import RampartCore
import RampartServices

/// A request's parameters as CloudTrail records them (`requestParameters`): member names in
/// lowerCamel case (`UserName` → `userName`), lists as arrays, maps as objects, and never a
/// secret. Works from the wire form, so every operation of every service is covered without
/// per-operation code.
public enum TrailParameters {
    /// Query members whose values are numbers or booleans on the wire model (AWS records them
    /// typed); every other member is a string.
    static let typed: Set<String> = [
        "durationseconds", "maxsessionduration", "maxitems", "setasdefault", "passwordresetrequired",
        "allowuserstochangepassword", "requiresymbols", "requirenumbers", "requireuppercasecharacters",
        "requirelowercasecharacters", "minimumpasswordlength", "maxpasswordage", "passwordreuseprevention",
        "hardexpiry", "onlyattached", "encodingtype",
    ]

    public static func isSecret(_ name: String) -> Bool { TrailSecrets.isSecret(name) }

    /// `UserName=alice&Tags.member.1.Key=team&…` as `{"userName":"alice","tags":[{"key":"team",…}]}`;
    /// null when the call has no parameters besides Action and Version.
    public static func query(_ input: QueryInput) -> TrailValue {
        // Most calls name flat members only (`UserName=alice`): their object is built directly, without
        // the tree (the tree cost a read about 2 µs).
        if !input.parameters.keys.contains(where: { $0.utf8.contains(UInt8(ascii: ".")) }) {
            let members = input.parameters.keys.sorted().compactMap { key -> TrailMember? in
                guard key != "Action", key != "Version", !isSecret(key), let value = input.parameters[key] else {
                    return nil
                }
                return TrailMember(lowerCamel(key), leaf(value, name: key))
            }
            return members.isEmpty ? .null : .object(members)
        }
        let root = Node()
        for (key, value) in input.parameters where key != "Action" && key != "Version" {
            let path = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            // AWS's deepest parameters are a few levels down; a key of thousands of dots is an attack.
            guard path.count <= 12, !path.contains(where: isSecret) else { continue }
            root.insert(value, at: path[...])
        }
        let value = root.trailValue(name: "")
        if case .object(let members) = value, members.isEmpty { return .null }
        return value
    }

    /// A JSON 1.1 body as recorded: members lowerCamel, objects in key order, secrets left out.
    public static func json(_ body: [UInt8]) -> TrailValue {
        guard !body.isEmpty, let value = try? JSONValue(parsing: body) else { return .null }
        let converted = convert(value)
        if case .object(let members) = converted, members.isEmpty { return .null }
        return converted
    }

    static func convert(_ value: JSONValue) -> TrailValue {
        switch value {
        case .object(let members):
            return .object(
                members.keys.sorted().filter { !isSecret($0) }.map {
                    TrailMember(lowerCamel($0), convert(members[$0]!))
                })
        case .array(let items): return .array(items.map(convert))
        case .string(let text): return .string(text)
        case .number(let text): return Int64(text).map(TrailValue.int) ?? .string(text)
        case .bool(let flag): return .bool(flag)
        case .null: return .null
        }
    }

    /// A member's value: typed when the model types it, a string otherwise.
    static func leaf(_ text: String, name: String) -> TrailValue {
        if typed.contains(name.lowercased()) {
            if text == "true" || text == "false" { return .bool(text == "true") }
            if let number = Int64(text) { return .int(number) }
        }
        return .string(text)
    }

    /// `UserName` → `userName`, `MFADevices` → `mFADevices` (CloudTrail lowers the first letter only).
    static func lowerCamel(_ name: String) -> String {
        guard let first = name.first else { return name }
        return first.lowercased() + name.dropFirst()
    }

    /// The parameters as a tree: `member.N` and `entry.N` levels become indexed children. A class,
    /// so adding a parameter touches its path only (a value tree would copy each level it passes).
    final class Node {
        var value: String?
        var children: [String: Node] = [:]

        func insert(_ value: String, at path: ArraySlice<String>) {
            guard let head = path.first else {
                self.value = value
                return
            }
            let child = children[head] ?? Node()
            children[head] = child
            child.insert(value, at: path.dropFirst())
        }

        /// Renders a level: `member` children as an array in index order, `entry` children
        /// (`entry.N.key`/`entry.N.value`) as an object, the rest as named members.
        func trailValue(name: String) -> TrailValue {
            if let text = value, children.isEmpty { return TrailParameters.leaf(text, name: name) }
            if let members = children["member"] {
                return .array(Self.indexed(members.children).map { $0.trailValue(name: name) })
            }
            if let entries = children["entry"] {
                return .object(
                    Self.indexed(entries.children).compactMap { entry -> TrailMember? in
                        guard let key = entry.children["key"]?.value else { return nil }
                        return TrailMember(key, entry.children["value"]?.trailValue(name: key) ?? .null)
                    })
            }
            return .object(
                children.keys.sorted().map { key in
                    TrailMember(TrailParameters.lowerCamel(key), children[key]!.trailValue(name: key))
                })
        }

        static func indexed(_ items: [String: Node]) -> [Node] {
            items.compactMap { key, node in Int(key).map { ($0, node) } }.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }
}

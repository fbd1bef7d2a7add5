import Foundation
import RampartCore

/// The parameters of an AWS Query request (`Action=CreateUser&Version=2010-05-08&UserName=…`),
/// parsed once from the form-encoded body or the query string of a presigned GET.
///
/// Keys are the flattened paths the SDKs serialize (`Tags.member.1.Key`); the generated
/// decoders read them by name. A key given twice keeps its first value, as Java servlet
/// containers (`getParameter`) and Smithy server `@httpQuery` bindings do.
public struct QueryInput: Sendable, Equatable {
    public private(set) var parameters: [String: String]
    /// The proper dotted prefixes of each key (`Tags`, `Tags.member`, `Tags.member.1` for
    /// `Tags.member.1.Key`), so structures and list elements are found without a scan. Only
    /// prefixes that could name a modeled member are kept (see `containerDepthLimit`).
    private var containers: Set<String>

    /// The most dots a recorded prefix may hold and the longest prefix recorded. The deepest
    /// path the IAM and STS models can name is a list of structures holding a list
    /// (`ContextEntries.member.1.ContextKeyValues.member.1`, four dots inside a prefix), and
    /// member names are short, so nothing beyond these is ever looked up. Recording every prefix
    /// of every key made one 64 KB key of dots cost 2 GB and seconds of CPU, before any
    /// authentication; with the limits a key costs at most a fixed multiple of its length.
    static let containerDepthLimit = 8
    static let containerLengthLimit = 1_024

    public init(parameters: [String: String]) {
        self.parameters = parameters
        self.containers = []
        for key in parameters.keys { Self.addContainers(of: key, to: &containers) }
    }

    /// Parses `application/x-www-form-urlencoded` bytes. A `%` not followed by two hex digits,
    /// or a component that is not UTF-8 once decoded, is `MalformedQueryString`.
    public init(formEncoded bytes: [UInt8]) throws(AWSError) {
        var pairs = 1
        for byte in bytes where byte == UInt8(ascii: "&") { pairs += 1 }
        var parameters = [String: String](minimumCapacity: pairs)
        var containers = Set<String>()
        var start = 0
        let end = bytes.count
        while start <= end {
            var stop = start
            while stop < end && bytes[stop] != UInt8(ascii: "&") { stop += 1 }
            if stop > start {
                var equals = start
                while equals < stop && bytes[equals] != UInt8(ascii: "=") { equals += 1 }
                guard let key = PercentEncoding.decodeFormComponent(bytes[start..<equals]) else {
                    throw Self.malformed()
                }
                let valueStart = equals < stop ? equals + 1 : stop
                guard let value = PercentEncoding.decodeFormComponent(bytes[valueStart..<stop]) else {
                    throw Self.malformed()
                }
                if parameters[key] == nil {
                    parameters[key] = value
                    Self.addContainers(of: key, to: &containers)
                }
            }
            start = stop + 1
        }
        self.parameters = parameters
        self.containers = containers
    }

    /// Parses a form-encoded string or a URL query string (without the leading `?`).
    public init(formEncoded text: String) throws(AWSError) {
        try self.init(formEncoded: Array(text.utf8))
    }

    public subscript(key: String) -> String? { parameters[key] }

    /// The operation name, `Action=CreateUser`.
    public var action: String? { parameters["Action"] }
    /// The API version, `Version=2010-05-08`.
    public var version: String? { parameters["Version"] }

    /// Whether any key starts with `prefix` followed by a dot: a structure, list or map is
    /// present under that name.
    public func containsMembers(of prefix: String) -> Bool { containers.contains(prefix) }

    /// Whether `key` is given as a value or as the prefix of other keys.
    public func isPresent(_ key: String) -> Bool { parameters[key] != nil || containers.contains(key) }

    private static func addContainers(of key: String, to containers: inout Set<String>) {
        let utf8 = key.utf8
        var index = utf8.startIndex
        var offset = 0
        var depth = 0
        while index < utf8.endIndex && offset <= containerLengthLimit {
            if utf8[index] == UInt8(ascii: ".") {
                containers.insert(String(key[key.startIndex..<index]))
                depth += 1
                if depth == containerDepthLimit { return }
            }
            index = utf8.index(after: index)
            offset += 1
        }
    }

    static func malformed() -> AWSError {
        // AWS Common Errors: "MalformedQueryString — The query string contains a syntax error.", HTTP 404.
        AWSError(code: "MalformedQueryString", message: "The query string contains a syntax error.", httpStatus: 404)
    }
}

// MARK: - Keys and lists as the Query serializers write them

extension QueryInput {
    /// `Parent.Member`, or `Member` at the top level.
    @inline(__always)
    public static func key(_ prefix: String, _ member: String) -> String {
        prefix.isEmpty ? member : prefix + "." + member
    }

    /// The key of element `index` (1-based) of a list: `Name.member.3`, or `Name.3` when flattened.
    @inline(__always)
    public static func elementKey(_ listKey: String, _ memberName: String?, _ index: Int) -> String {
        if let memberName { return listKey + "." + memberName + "." + String(index) }
        return listKey + "." + String(index)
    }

    /// The number of elements of the list at `listKey`: nil when the list is absent, 0 for an
    /// empty list (`Tags=`, as botocore writes one), otherwise the contiguous run from 1.
    public func listCount(_ listKey: String, memberName: String?) -> Int? {
        let hasOwnValue = parameters[listKey] != nil
        guard hasOwnValue || containers.contains(listKey) else { return nil }
        var count = 0
        while isPresent(Self.elementKey(listKey, memberName, count + 1)) { count += 1 }
        return count
    }

    /// The number of entries of the map at `mapKey` (`Name.entry.N.key` / `.value`).
    public func mapCount(_ mapKey: String, entryName: String?) -> Int? {
        listCount(mapKey, memberName: entryName)
    }
}

// MARK: - Scalars

extension QueryInput {
    /// An `integer` member: decimal, within Int32 as in the Java services.
    public func int32(_ key: String) throws(AWSError) -> Int? {
        guard let text = parameters[key] else { return nil }
        guard let value = Int32(text) else { throw Self.notA("an integer", key) }
        return Int(value)
    }

    /// A `long` member: decimal, within Int64.
    public func int64(_ key: String) throws(AWSError) -> Int? {
        guard let text = parameters[key] else { return nil }
        guard let value = Int64(text) else { throw Self.notA("an integer", key) }
        return Int(value)
    }

    /// A `boolean` member: `true` or `false` (any case).
    public func bool(_ key: String) throws(AWSError) -> Bool? {
        guard let text = parameters[key] else { return nil }
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default: throw Self.notA("a boolean (true or false)", key)
        }
    }

    /// A `timestamp` member: ISO 8601.
    public func timestamp(_ key: String) throws(AWSError) -> Date? {
        guard let text = parameters[key] else { return nil }
        guard let date = Timestamp.parse(text) else { throw Self.notA("an ISO 8601 timestamp", key) }
        return date
    }

    /// A `blob` member: base64.
    public func blob(_ key: String) throws(AWSError) -> [UInt8]? {
        guard let text = parameters[key] else { return nil }
        guard let bytes = Base64.decode(text) else { throw Self.notA("base64", key) }
        return bytes
    }

    /// A value that cannot be read as its type. AWS's own wording for this case is not documented;
    /// the code is the one its constraint failures use and the message names the parameter.
    static func notA(_ kind: String, _ key: String) -> AWSError {
        AWSError.validation("Invalid value for parameter \(key): must be \(kind).")
    }
}

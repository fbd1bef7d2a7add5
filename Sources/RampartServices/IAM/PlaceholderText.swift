import RampartCore

/// Text with `@{name}` placeholders, AWS's syntax for policy templates (temporary delegation) and
/// role templates (role manager). Rendering is one pass, linear in the text and the values.
struct PlaceholderText {
    let text: String

    /// The text with every placeholder replaced, and the names it used. A single value goes in where
    /// its placeholder stands, escaped for a JSON string when `json`; a list (`lists` names them)
    /// replaces a placeholder that is a whole JSON string (`"@{names}"` becomes `["a","b"]`). A
    /// placeholder without a value, or a list where a single value must go, is refused.
    func render(_ values: [String: [String]], lists: Set<String> = [], json: Bool) throws(AWSError)
        -> (text: String, used: Set<String>)
    {
        var used = Set<String>()
        var output = ""
        var rest = Substring(text)
        while let start = rest.range(of: "@{") {
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else { break }
            let name = String(rest[start.upperBound..<end])
            guard let value = values[name] else {
                throw AWSError.invalidInput("Missing value for parameter \(name).")
            }
            used.insert(name)
            var before = rest[..<start.lowerBound]
            var after = rest[rest.index(after: end)...]
            if json, lists.contains(name), before.hasSuffix("\""), after.hasPrefix("\"") {
                before = before.dropLast()
                after = after.dropFirst()
                output += before + "[" + value.map { "\"\(Self.escaped($0))\"" }.joined(separator: ",") + "]"
            } else {
                guard value.count == 1 else {
                    throw AWSError.invalidInput("Parameter \(name) must have exactly one value where it is used.")
                }
                output += before + (json ? Self.escaped(value[0]) : value[0])
            }
            rest = after
        }
        output += rest
        return (output, used)
    }

    /// A value as it goes inside a JSON string.
    static func escaped(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default: out.append(character)
            }
        }
        return out
    }
}

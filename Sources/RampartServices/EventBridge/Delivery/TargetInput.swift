import RampartCore

/// What a target sends for an event: the whole event, the part `InputPath` selects, the constant
/// `Input`, or `InputTransformer`'s template with each `<name>` replaced by the value its path
/// selects (a string's text, JSON-escaped, so `"<name>"` in a JSON template stays JSON; other
/// values as JSON; a path that selects nothing as `null`).
enum TargetInput {
    static func body(for target: EventTarget, event: EventJSON) -> String {
        if let input = target.input { return input }
        if let path = target.inputPath.flatMap(EventPath.init) {
            return (path.value(in: event) ?? .null).text
        }
        if let template = target.inputTemplate {
            var values: [String: String] = [:]
            for (name, text) in target.inputPathsMap ?? [:] {
                let value = EventPath(text).flatMap { $0.value(in: event) } ?? .null
                if case .string(let string) = value {
                    var escaped = ""
                    EventJSON.escape(string, into: &escaped)
                    values[name] = escaped
                } else {
                    values[name] = value.text
                }
            }
            return fill(template, values)
        }
        return event.text
    }

    /// One pass over the template: `<name>` with a known name is replaced, anything else is kept.
    static func fill(_ template: String, _ values: [String: String]) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "<") {
            out += rest[..<open]
            let after = rest[rest.index(after: open)...]
            if let close = after.firstIndex(of: ">"), let value = values[String(after[..<close])] {
                out += value
                rest = after[after.index(after: close)...]
            } else {
                out += "<"
                rest = after
            }
        }
        out += rest
        return out
    }
}

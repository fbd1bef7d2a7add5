import Foundation

/// The JSON text of a policy read strictly: RFC 8259 only (no trailing commas, comments, NaN,
/// leading zeros, raw control characters or unpaired surrogates), at most `LintJSONReader`'s
/// nesting depth, and no member name given twice in one object at any level.
///
/// A last-one-wins reader turned `"Statement":[Deny…],"Statement":[Allow…]` into the Allow alone
/// and `"Effect":"Deny","Effect":"Allow"` into an Allow: the meaning a reviewer reads is not the
/// one enforced. IAM refuses such text with "Syntax errors in policy."; so does every reader of
/// a policy here (identity, trust, boundary, session and simulator inputs all parse through
/// `PolicyDocument(json:kind:)`).
///
/// The result has the shapes JSONSerialization gave (`[String: Any]`, `[Any]`, `String`,
/// `NSNumber`, `NSNull`), so statement and condition readers see the same values as before.
enum PolicyJSON {
    /// The top-level object of `text`; anything else, or text that is not strict JSON, is `.syntax`.
    /// `unreadable` is what text that is not JSON at all gets: IAM words it differently for trust policies.
    static func object(_ text: String, unreadable: PolicyDocumentError = .syntax) throws(PolicyDocumentError)
        -> [String: Any]
    {
        let root: LintJSONNode
        do {
            root = try LintJSONReader.read(text)
        } catch {
            throw unreadable
        }
        guard let object = try foundationValue(root) as? [String: Any] else { throw .syntax }
        return object
    }

    private static func foundationValue(_ node: LintJSONNode) throws(PolicyDocumentError) -> Any {
        switch node.value {
        case .object(let members):
            var object = [String: Any](minimumCapacity: members.count)
            for member in members {
                guard object[member.name] == nil else { throw .syntax }
                object[member.name] = try foundationValue(member.value)
            }
            return object
        case .array(let items):
            var array = [Any]()
            array.reserveCapacity(items.count)
            for item in items { array.append(try foundationValue(item)) }
            return array
        case .string(let text):
            return text
        case .number(let text):
            return try number(text)
        case .bool(let flag):
            return flag ? trueValue : falseValue
        case .null:
            return NSNull()
        }
    }

    /// A number already checked against RFC 8259, converted by JSONSerialization itself so that its
    /// text in a condition ("3600", "1.5") stays exactly what it was.
    private static func number(_ text: String) throws(PolicyDocumentError) -> NSNumber {
        guard let value = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]),
            let number = value as? NSNumber
        else { throw .syntax }
        return number
    }

    // The booleans as JSONSerialization represents them (ConditionBlockReader tells them from
    // numbers by their objCType).
    nonisolated(unsafe) private static let trueValue: Any =
        (try? JSONSerialization.jsonObject(with: Data("true".utf8), options: [.fragmentsAllowed])) ?? true
    nonisolated(unsafe) private static let falseValue: Any =
        (try? JSONSerialization.jsonObject(with: Data("false".utf8), options: [.fragmentsAllowed])) ?? false
}

extension PolicyDocument {
    /// Whether `text` is one strict JSON object (no repeated member, no trailing comma): what a
    /// policy of a kind Rampart stores but does not evaluate (Organizations' tag and backup
    /// policies) must at least be.
    public static func isStrictJSONObject(_ text: String) -> Bool {
        (try? PolicyJSON.object(text)) != nil
    }
}

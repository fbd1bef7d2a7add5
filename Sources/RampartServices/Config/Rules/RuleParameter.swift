import Foundation
import RampartCore

/// A managed rule's parameter as AWS documents it: its name (case-sensitive), its type, whether
/// it must be given, and the default it takes otherwise.
public struct RuleParameter: Sendable {
    public enum Kind: Sendable {
        case int
        /// `true` or `false`, lower case (AWS's documentation: case-sensitive).
        case bool
        /// Comma-separated values.
        case csv
        /// One of the listed values.
        case choice([String])
        case string
    }

    public let name: String
    public let kind: Kind
    public let required: Bool
    public let defaultValue: String?

    public init(_ name: String, _ kind: Kind, required: Bool = false, default defaultValue: String? = nil) {
        self.name = name
        self.kind = kind
        self.required = required
        self.defaultValue = defaultValue
    }

    /// Whether a given value is one this parameter can take.
    func accepts(_ value: String) -> Bool {
        switch kind {
        case .int: return Int(value.trimmingCharacters(in: .whitespaces)).map { $0 >= 0 } ?? false
        case .bool: return value == "true" || value == "false"
        case .choice(let values): return values.contains(value)
        case .csv, .string: return true
        }
    }
}

/// The values a rule runs with: what `InputParameters` gave, the defaults for the rest.
public struct RuleParameters: Sendable, Equatable {
    public var values: [String: String]

    public init(_ values: [String: String] = [:]) {
        self.values = values
    }

    public func int(_ name: String) -> Int? { values[name].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } }
    public func bool(_ name: String) -> Bool? { values[name].map { $0 == "true" } }
    public func string(_ name: String) -> String? { values[name].flatMap { $0.isEmpty ? nil : $0 } }
    public func list(_ name: String) -> [String] {
        (values[name] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty
        }
    }

    /// Reads `InputParameters` (a JSON object of strings, as the console and CloudFormation write
    /// it; a number is read as its decimal text) for a rule, defaults filled in. Throws AWS's
    /// `InvalidParameterValueException` for text that is not such an object, a required parameter
    /// left out, or a value its parameter cannot take.
    public static func parse(_ input: String?, for rule: ManagedRule) throws(AWSError) -> RuleParameters {
        var given: [String: String] = [:]
        if let input, !input.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            guard let object = try? JSONSerialization.jsonObject(with: Data(input.utf8)) as? [String: Any] else {
                throw ConfigErrors.invalidParameterValue("Invalid json \(input) passed in the InputParameters field")
            }
            for (key, value) in object {
                switch value {
                case let text as String: given[key] = text
                case let number as NSNumber: given[key] = number.stringValue
                default:
                    throw ConfigErrors.invalidParameterValue(
                        "Invalid json \(input) passed in the InputParameters field")
                }
            }
        }
        var values: [String: String] = [:]
        for parameter in rule.parameters {
            if let value = given[parameter.name] {
                guard parameter.accepts(value) else {
                    throw ConfigErrors.invalidParameterValue(
                        "The value \(value) of the parameter \(parameter.name) is not valid for \(rule.identifier).")
                }
                values[parameter.name] = value
            } else if parameter.required {
                throw ConfigErrors.invalidParameterValue(
                    "The required parameter \(parameter.name) is not present in the inputParameters, please refer to Config rules documentation for the required parameters."
                )
            } else if let value = parameter.defaultValue {
                values[parameter.name] = value
            }
        }
        return RuleParameters(values)
    }
}

import Foundation

/// Reads a Condition block as JSONSerialization returns it into operator → key → values, keeping numbers
/// and booleans as text because IAM compares condition values as text read by the operator.
enum ConditionBlockReader {
    struct Problem: Error, Equatable {
        var message: String
    }

    static func read(_ block: [String: Any]) -> Result<[String: [String: [String]]], Problem> {
        var result = [String: [String: [String]]]()
        for (operatorName, entries) in block {
            guard let entries = entries as? [String: Any] else {
                return .failure(
                    Problem(message: "Syntax errors in policy. Condition \(operatorName) must be an object"))
            }
            var keys = [String: [String]]()
            for (key, raw) in entries {
                guard let values = values(raw) else {
                    return .failure(
                        Problem(
                            message: "Syntax errors in policy. Condition \(operatorName) \(key) has a non-scalar value")
                    )
                }
                keys[key] = values
            }
            result[operatorName] = keys
        }
        return .success(result)
    }

    private static func values(_ raw: Any) -> [String]? {
        if let list = raw as? [Any] {
            var values = [String]()
            values.reserveCapacity(list.count)
            for item in list {
                guard let text = scalar(item) else { return nil }
                values.append(text)
            }
            return values
        }
        return scalar(raw).map { [$0] }
    }

    private static func scalar(_ raw: Any) -> String? {
        if let text = raw as? String { return text }
        guard let number = raw as? NSNumber else { return nil }
        // JSON true/false arrive as NSNumber; their objCType is "c" on both Darwin and Linux Foundation.
        if String(cString: number.objCType) == "c" { return number.boolValue ? "true" : "false" }
        return number.stringValue
    }
}

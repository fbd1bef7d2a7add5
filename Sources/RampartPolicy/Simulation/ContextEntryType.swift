import Foundation

/// The types a simulation's ContextEntries declare (ContextKeyType). Values travel as text either way; the
/// type says how many there may be and what each must look like, so that a typo is an error the caller sees
/// rather than a condition that silently never matches.
public enum ContextEntryType: String, Sendable, CaseIterable {
    case string, stringList, numeric, numericList, boolean, booleanList, ip, ipList, binary, binaryList, date,
        dateList

    public var isList: Bool { rawValue.hasSuffix("List") }

    /// Why `value` is not of this type, or nil when it is.
    public func problem(with value: String) -> String? {
        let valid: Bool =
            switch self {
            case .string, .stringList: true
            case .numeric, .numericList: PolicyNumber.parse(value) != nil
            case .boolean, .booleanList: RequestBool.parse(value) != nil
            case .ip, .ipList: IPAddressValue(value) != nil || IPRange(value) != nil
            case .binary, .binaryList: Data(base64Encoded: value) != nil
            case .date, .dateList: PolicyDate.parse(value) != nil
            }
        return valid ? nil : "is not a valid \(rawValue.replacingOccurrences(of: "List", with: "")) value"
    }

    /// The context value for `values`, or a reason they do not fit this type.
    public func contextValue(_ values: [String]) -> Result<ContextValue, ContextEntryProblem> {
        if !isList, values.count != 1 {
            return .failure(ContextEntryProblem(reason: "takes exactly one value, got \(values.count)"))
        }
        for value in values {
            if let problem = problem(with: value) {
                return .failure(ContextEntryProblem(reason: "value \(value) \(problem)"))
            }
        }
        return .success(isList ? .strings(values) : .string(values[0]))
    }
}

/// Why a context entry was refused.
public struct ContextEntryProblem: Error, Sendable, Equatable {
    public var reason: String
}

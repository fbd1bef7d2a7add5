import RampartCore
import RampartPolicy

/// The request context a simulation evaluates against: exactly the ContextEntries the caller supplied, as
/// AWS's simulator does; keys a policy reads and the caller left out come back as MissingContextValues.
enum SimulationContext {
    static func context(from entries: [IAM.ContextEntry]?) throws(AWSError) -> ConditionContext {
        var context = ConditionContext()
        var names = Set<String>()
        for entry in entries ?? [] {
            guard let name = entry.contextKeyName else {
                throw AWSError.invalidInput("ContextKeyName is required in every ContextEntry.")
            }
            guard names.insert(name.lowercased()).inserted else {
                throw AWSError.invalidInput("Context key \(name) is given more than once.")
            }
            guard let typeName = entry.contextKeyType, let type = ContextEntryType(rawValue: typeName) else {
                throw AWSError.invalidInput("ContextKeyType is required for context key \(name).")
            }
            switch type.contextValue(entry.contextKeyValues ?? []) {
            case .success(let value): context.set(name, value)
            case .failure(let problem):
                throw AWSError.invalidInput("Invalid context entry for \(name) of type \(typeName): \(problem.reason).")
            }
        }
        return context
    }
}

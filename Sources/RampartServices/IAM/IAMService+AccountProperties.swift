import RampartCore
import RampartStore

extension IAMService {
    /// Every property the account has, set or at its default.
    public func getAccountProperties(_ input: IAM.GetAccountPropertiesRequest, _ call: CallContext) async throws
        -> IAM.GetAccountPropertiesResponse
    {
        let stored = try store.snapshot().account(call.principal.account).properties ?? [:]
        var properties: [String: String] = [:]
        for property in AccountProperty.known {
            properties[property.key] = stored[property.key] ?? property.defaultValue
        }
        return IAM.GetAccountPropertiesResponse(properties: properties)
    }

    /// Sets properties of one namespace at once: all keys are checked before any is written.
    public func putAccountProperties(_ input: IAM.PutAccountPropertiesRequest, _ call: CallContext) async throws
        -> IAM.PutAccountPropertiesResponse
    {
        guard !input.properties.isEmpty else {
            throw AWSError.invalidInput("Properties must contain at least one property.")
        }
        // Format, then one namespace, then each key and value: a request is refused for its first fault.
        let sorted = input.properties.sorted { $0.key < $1.key }
        var namespaces = Set<Substring>()
        for (key, _) in sorted { namespaces.insert(try AccountProperty.namespace(of: key)) }
        guard namespaces.count == 1 else {
            throw AWSError.invalidInput("All properties in a request must belong to the same namespace.")
        }
        var values: [String: String] = [:]
        for (key, value) in sorted {
            guard let property = AccountProperty.named(key) else {
                throw AWSError.invalidInput("Property key \(key) is not a supported account property.")
            }
            values[key] = try property.normalized(value)
        }
        try await store.write { tx in
            var account = try tx.account(call.principal.account)
            let merged = (account.properties ?? [:]).merging(values) { $1 }
            guard merged != account.properties else { return }
            account.properties = merged
            tx.put(account)
        }
        return IAM.PutAccountPropertiesResponse()
    }
}

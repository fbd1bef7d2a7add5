import RampartCore

/// An account property of IAM's `Namespace/PropertyName` settings (GetAccountProperties,
/// PutAccountProperties), with the kind of value it takes and its value until set.
///
/// AWS documents the operations and the key format but not the keys: the one Rampart knows is
/// `RoleManager/Enabled`, the switch of IAM role manager ("an optional account setting"), a boolean
/// that starts `false`.
struct AccountProperty: Sendable, Equatable {
    enum ValueType: Sendable { case boolean }

    var key: String
    var type: ValueType
    var defaultValue: String

    static let known: [AccountProperty] = [
        AccountProperty(key: "RoleManager/Enabled", type: .boolean, defaultValue: "false")
    ]

    static func named(_ key: String) -> AccountProperty? { known.first { $0.key == key } }

    /// The namespace of a well-formed key: exactly one `/`, neither first nor last.
    static func namespace(of key: String) throws(AWSError) -> Substring {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw AWSError.invalidInput(
                "Property key \(key) must have the format Namespace/PropertyName with exactly one '/'.")
        }
        return parts[0]
    }

    /// The value as stored: booleans take `true` or `false` in any case, written in lower case.
    func normalized(_ value: String) throws(AWSError) -> String {
        switch type {
        case .boolean:
            let lowered = value.lowercased()
            guard lowered == "true" || lowered == "false" else {
                throw AWSError.invalidInput("Property \(key) expects a boolean value (true or false), not \(value).")
            }
            return lowered
        }
    }
}

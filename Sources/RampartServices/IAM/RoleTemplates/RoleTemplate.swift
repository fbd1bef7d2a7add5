import Foundation
import RampartCore

/// An AWS managed role template: the blueprint of a service role that AcquireRole creates and
/// GetRoleTemplateVersion shows. Template versions are immutable; a new minor version supersedes.
struct RoleTemplate: Sendable {
    struct Parameter: Sendable {
        enum Kind: String, Sendable {
            case string = "String", stringList = "StringList", number = "Number"
            case numberList = "NumberList", arn = "Arn", arnList = "ArnList"
        }
        var name: String
        var kind: Kind
        var description: String
        var isRequired = true
        var defaultValue: String? = nil
        var immutable = false

        var isList: Bool { [.stringList, .numberList, .arnList].contains(kind) }
    }

    struct Version: Sendable {
        var minorVersion: Int
        var versionId: String
        var enabled: Bool
        var roleNamePattern: String
        var rolePathPattern: String
        var roleDescriptionPattern: String
        var trustPolicy: String
        var inlinePolicies: [(name: String, document: String)]
        var managedPolicyNames: [String]
        var parameters: [Parameter]
        var tags: [(key: String, value: String)]
        var maxSessionDuration: Int
        var created: Date
    }

    var name: String
    var description: String
    /// The service principal of the service the template is for (`ManagedByValue`).
    var service: String
    var majorVersion: Int
    var defaultMinorVersion: Int
    var enabled: Bool
    var versions: [Version]

    func arn(in partition: Partition) -> String { ARN.iam(partition, account: "aws", "role-template/\(name)") }

    func version(_ minor: Int?) -> Version? {
        let wanted = minor ?? defaultMinorVersion
        return versions.first { $0.minorVersion == wanted }
    }
}

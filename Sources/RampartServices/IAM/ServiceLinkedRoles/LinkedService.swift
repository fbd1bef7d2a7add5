import RampartCore

/// An AWS service that may hold a service-linked role: its principal (`ecs.amazonaws.com`), the name AWS
/// gives its role after `AWSServiceRoleFor`, and whether CreateServiceLinkedRole takes a CustomSuffix
/// for it (services that run several roles side by side, such as Auto Scaling, do).
struct LinkedService: Sendable, Equatable {
    let principal: String
    let roleNameSuffix: String
    let allowsCustomSuffix: Bool

    static let roleNamePrefix = "AWSServiceRoleFor"
    /// `roleNameType`'s maximum: a custom suffix may not make the name longer.
    static let maxRoleNameLength = 64

    /// `AWSServiceRoleForAutoScaling`, or with a custom suffix `AWSServiceRoleForAutoScaling_<suffix>`.
    func roleName(customSuffix: String?) -> String {
        let base = Self.roleNamePrefix + roleNameSuffix
        guard let customSuffix else { return base }
        return base + "_" + customSuffix
    }

    /// Service-linked roles live under `/aws-service-role/<principal>/`, which is how their ARNs name them.
    var path: String { "/aws-service-role/\(principal)/" }

    /// AWS's trust policy for a service-linked role: the service principal, and nobody else, may assume it.
    var trustPolicy: String {
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"\#(principal)"},"Action":"sts:AssumeRole"}]}"#
    }

    /// AWS's session limit for service-linked roles; they cannot be changed to another.
    static let maxSessionDuration = 3600

    /// The task id DeleteServiceLinkedRole answers: `task/aws-service-role/<principal>/<role-name>/<uuid>`.
    static func deletionTaskId(principal: String, roleName: String, uuid: String) -> String {
        "task/aws-service-role/\(principal)/\(roleName)/\(uuid)"
    }
}

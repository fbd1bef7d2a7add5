import Foundation
import RampartCore
import RampartPolicy
import RampartStore

/// The full condition context of one API request: the global keys the credentials and the
/// connection give (`RequestContext`), plus the keys the request's parameters and the resource
/// give: tags, the policy being attached, the boundary being set, the role session's name.
public enum RequestConditionKeys {
    public static func context(
        principal: Principal, now: Date, sourceIp: String, secureTransport: Bool = false, region: String,
        service: String, action: String, snapshot: StoreSnapshot, parameter: (String) -> String?
    ) -> ConditionContext {
        var context = ConditionContext()
        let global = RequestContext(
            principal: principal, now: now, sourceIp: sourceIp, secureTransport: secureTransport)
        for (key, value) in global.values {
            context.set(Keys.global[key] ?? ContextKey(key), .string(value))
        }
        context.set(Keys.requestedRegion, .string(region))
        context.set(Keys.viaAWSService, .string("false"))
        for tag in principalTags(principal, snapshot) { context.set("aws:PrincipalTag/\(tag.key)", .string(tag.value)) }

        let requestTags = indexed("Tags.member", parameter).compactMap { prefix -> Tag? in
            guard let key = parameter("\(prefix).Key") else { return nil }
            return Tag(key: key, value: parameter("\(prefix).Value") ?? "")
        }
        for tag in requestTags { context.set("aws:RequestTag/\(tag.key)", .string(tag.value)) }
        let untagKeys = indexed("TagKeys.member", parameter).compactMap(parameter)
        if !requestTags.isEmpty || !untagKeys.isEmpty {
            context.set("aws:TagKeys", .strings(requestTags.map(\.key) + untagKeys))
        }
        for tag in resourceTags(principal.account, snapshot, parameter) {
            context.set("aws:ResourceTag/\(tag.key)", .string(tag.value))
        }

        if service == "iam" {
            context.set(Keys.policyARN, parameter("PolicyArn").map(ContextValue.string))
            context.set(Keys.permissionsBoundary, parameter("PermissionsBoundary").map(ContextValue.string))
        }
        if service == "sts" && action == "AssumeRole" {
            context.set("sts:RoleSessionName", parameter("RoleSessionName").map(ContextValue.string))
            context.set("sts:ExternalId", parameter("ExternalId").map(ContextValue.string))
            context.set("sts:SourceIdentity", parameter("SourceIdentity").map(ContextValue.string))
        }
        if service == "sts" && action == "GetWebIdentityToken" {
            let audiences = indexed("Audience.member", parameter).compactMap(parameter)
            context.set("sts:IdentityTokenAudience", .strings(audiences))
            // The lifetime the token will have: AWS's default when the request names none.
            context.set("sts:DurationSeconds", .string(parameter("DurationSeconds") ?? "300"))
            context.set("sts:SigningAlgorithm", parameter("SigningAlgorithm").map(ContextValue.string))
        }
        if service == "sts" && action == "AssumeRoot" {
            context.set("sts:TaskPolicyArn", parameter("TaskPolicyArn.arn").map(ContextValue.string))
        }
        return context
    }

    /// Keys every request sets, prepared once: preparing one lower-cases and hashes its name.
    enum Keys {
        static let global = Dictionary(
            uniqueKeysWithValues: RequestContext.keyNames.map { ($0, ContextKey($0)) })
        static let requestedRegion = ContextKey("aws:RequestedRegion")
        static let viaAWSService = ContextKey("aws:ViaAWSService")
        static let policyARN = ContextKey("iam:PolicyARN")
        static let permissionsBoundary = ContextKey("iam:PermissionsBoundary")
    }

    /// `Prefix.1`, `Prefix.2`, … for as long as the request has them (Query list encoding).
    static func indexed(_ prefix: String, _ parameter: (String) -> String?) -> [String] {
        var names = [String]()
        var index = 1
        // A member exists when any of its fields does; tags have Key, tag-key lists the bare value.
        while parameter("\(prefix).\(index)") != nil || parameter("\(prefix).\(index).Key") != nil {
            names.append("\(prefix).\(index)")
            index += 1
        }
        return names
    }

    /// A user's tags, or a role session's: the role's tags overridden by the session's tags.
    static func principalTags(_ principal: Principal, _ snapshot: StoreSnapshot) -> [Tag] {
        switch principal.kind {
        case .root:
            return []
        case .user:
            return snapshot.user(of: principal)?.tags ?? []
        case .assumedRole:
            let roleTags = snapshot.role(of: principal)?.tags ?? []
            return roleTags.merging(principal.session?.tags ?? [])
        case .federatedUser:
            let userTags = snapshot.federatingUser(of: principal)?.tags ?? []
            return userTags.merging(principal.session?.tags ?? [])
        }
    }

    /// The tags of the user or role the request names, if it names one that exists.
    static func resourceTags(_ account: AccountID, _ snapshot: StoreSnapshot, _ parameter: (String) -> String?)
        -> [Tag]
    {
        if let name = parameter("RoleName") { return snapshot.get(Role.self, Role.key(account, name))?.tags ?? [] }
        if let name = parameter("UserName") { return snapshot.get(User.self, User.key(account, name))?.tags ?? [] }
        return []
    }
}

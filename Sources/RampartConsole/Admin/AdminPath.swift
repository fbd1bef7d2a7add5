import Foundation

/// Where an administrator's page is: `/console/users`, `/console/users/NAME`,
/// `/console/users/NAME/ACTION`; likewise for groups and roles; `/console/policies[/ACTION]` (a policy is
/// named by its ARN in the query or form, since an ARN holds slashes); `/console/account[/ACTION]`.
struct AdminPath: Equatable {
    enum Area: String, CaseIterable {
        case users, groups, roles, policies, account
    }

    var area: Area
    /// The user, group or role the page is about; nil for the area's list.
    var name: String?
    /// The form posted (`delete`, `attach`, …) or, for policies and the account, the page.
    var action: String?

    init(area: Area, name: String?, action: String?) {
        self.area = area
        self.name = name
        self.action = action
    }

    init?(_ path: String) {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        guard parts.first == "console", parts.count >= 2, parts.count <= 4,
            let area = Area(rawValue: String(parts[parts.startIndex + 1]))
        else { return nil }
        self.area = area
        let rest = parts.dropFirst(2).map { String($0).removingPercentEncoding ?? String($0) }
        guard !rest.contains(where: \.isEmpty) else { return nil }
        switch area {
        case .users, .groups, .roles:
            name = rest.first
            action = rest.count > 1 ? rest[1] : nil
        case .policies, .account:
            guard rest.count <= 1 else { return nil }
            name = nil
            action = rest.first
        }
    }

    /// The path of an entity's page (`/console/users/alice`), its name escaped for a URL.
    static func entity(_ area: Area, _ name: String, _ action: String? = nil) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove("/")
        let escaped = name.addingPercentEncoding(withAllowedCharacters: allowed) ?? name
        return "/console/\(area.rawValue)/\(escaped)" + (action.map { "/" + $0 } ?? "")
    }

    /// A policy's page, by ARN.
    static func policy(_ arn: String) -> String {
        "/console/policies/view?arn=" + (arn.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? arn)
    }
}

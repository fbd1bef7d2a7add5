import RampartCore
import RampartStore

/// The resource ARN an IAM or STS action acts on, as the service authorization reference
/// defines it: the named user, group, role or policy, or the caller itself when an optional
/// name is left out, in the caller's partition. Denial messages and Resource elements match against it.
public enum ActionResource {
    public static func resolve(
        service: String, action: String, principal: Principal, snapshot: StoreSnapshot,
        parameter: (String) -> String?
    ) -> String {
        let account = principal.account
        let prefix = ARN.iam(principal.partition, account: account.rawValue, "")
        if service == "sts" {
            if action == "AssumeRole", let arn = parameter("RoleArn") { return arn }
            // AssumeRoot acts on the member's root user, named by its account id or root ARN.
            if action == "AssumeRoot", let target = parameter("TargetPrincipal") {
                return AccountID(target).map { ARN.root(principal.partition, $0) } ?? target
            }
            return "*"
        }
        if let arn = parameter("PolicyArn") { return arn }
        // The simulator acts on the user, group or role whose policies it reads.
        if let arn = parameter("PolicySourceArn") { return arn }
        // AddRoleToInstanceProfile names a role too; it acts on the instance profile.
        if let name = parameter("InstanceProfileName") {
            let path = snapshot.get(InstanceProfile.self, InstanceProfile.key(account, name))?.path ?? "/"
            return prefix + "instance-profile\(path)\(name)"
        }
        if let arn = parameter("OpenIDConnectProviderArn") ?? parameter("SAMLProviderArn") { return arn }
        if let name = parameter("RoleName") {
            let path = snapshot.get(Role.self, Role.key(account, name))?.path ?? "/"
            return prefix + "role\(path)\(name)"
        }
        if let name = parameter("GroupName"), parameter("UserName") == nil || action.contains("Group") {
            let path = snapshot.get(Group.self, Group.key(account, name))?.path ?? "/"
            return prefix + "group\(path)\(name)"
        }
        // Server certificates are named by path and name (UploadServerCertificate gives the path).
        if let name = parameter("ServerCertificateName") {
            let path =
                parameter("Path") ?? snapshot.get(ServerCertificate.self, ServerCertificate.key(account, name))?.path
                ?? "/"
            return prefix + "server-certificate\(path)\(name)"
        }
        if let name = parameter("UserName") {
            let path = snapshot.get(User.self, User.key(account, name))?.path ?? "/"
            return prefix + "user\(path)\(name)"
        }
        if action.hasSuffix("Users") { return prefix + "user/" }
        if action.hasSuffix("Groups") { return prefix + "group/" }
        if action.hasSuffix("Roles") { return prefix + "role/" }
        if action.hasSuffix("Policies") || action == "CreatePolicy" {
            return action == "CreatePolicy" ? prefix + "policy/\(parameter("PolicyName") ?? "")" : prefix + "policy/"
        }
        if ["CreateUser"].contains(action) { return prefix + "user/\(parameter("UserName") ?? "")" }
        switch action {
        case "ListInstanceProfiles": return prefix + "instance-profile/"
        case "CreateOpenIDConnectProvider":
            return prefix + "oidc-provider/" + OpenIDConnectProvider.resourceName(of: parameter("Url") ?? "")
        case "CreateSAMLProvider": return prefix + "saml-provider/\(parameter("Name") ?? "")"
        case "CreateVirtualMFADevice":
            return prefix + "mfa\(parameter("Path") ?? "/")\(parameter("VirtualMFADeviceName") ?? "")"
        case "DeleteVirtualMFADevice", "TagMFADevice", "UntagMFADevice", "ListMFADeviceTags":
            let serial = parameter("SerialNumber") ?? ""
            return serial.hasPrefix("arn:") ? serial : prefix + "mfa/\(serial)"
        case "CreateAccessKey", "ListAccessKeys", "UpdateAccessKey", "DeleteAccessKey", "CreateLoginProfile",
            "GetLoginProfile", "DeleteLoginProfile", "UpdateLoginProfile", "ChangePassword", "GetUser",
            "ListMFADevices", "DeactivateMFADevice", "GetMFADevice", "ListUserTags", "ListGroupsForUser",
            "UploadSigningCertificate", "ListSigningCertificates", "UpdateSigningCertificate",
            "DeleteSigningCertificate", "ListSSHPublicKeys", "ListServiceSpecificCredentials",
            "ResetServiceSpecificCredential", "UpdateServiceSpecificCredential", "DeleteServiceSpecificCredential":
            // Without a UserName these act on the caller itself.
            guard principal.kind == .user else { return prefix + "root" }
            let path = snapshot.user(of: principal)?.path ?? "/"
            return prefix + "user\(path)\(principal.name)"
        default:
            return "*"
        }
    }
}

import Foundation
import RampartCore
import RampartServices
import RampartWire

/// Fixed data the fake handlers answer with; the same values are checked by botocore in
/// Fixtures/check_responses.py.
enum Sample {
    static let created = Date(timeIntervalSince1970: 1_763_888_626)  // 2025-11-23T09:03:46Z
    static let later = Date(timeIntervalSince1970: 1_795_424_626)  // 2026-11-23T09:03:46Z
    static let policy =
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":"iam:*","Resource":"*","#
        + #""Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}},"#
        + #"{"Sid":"Zürich & <co> 'q' a+b","Effect":"Allow","Action":"s3:GetObject","#
        + #""Resource":"arn:aws:s3:::b/a b/*"}]}"#

    static func user(_ name: String, tags: [IAM.Tag]? = nil) -> IAM.User {
        IAM.User(
            path: "/eng/", userName: name, userId: "AIDA" + name.uppercased(),
            arn: "arn:aws:iam::123456789012:user/eng/" + name, createDate: created, passwordLastUsed: nil,
            permissionsBoundary: nil, tags: tags)
    }

    static let role = IAM.Role(
        path: "/", roleName: "admin", roleId: "AROAADMIN", arn: "arn:aws:iam::123456789012:role/admin",
        createDate: created, assumeRolePolicyDocument: policy, description: "Admins <with> MFA & more",
        maxSessionDuration: 43200,
        permissionsBoundary: IAM.AttachedPermissionsBoundary(
            permissionsBoundaryType: "PermissionsBoundaryPolicy",
            permissionsBoundaryArn: "arn:aws:iam::123456789012:policy/Boundary"),
        tags: [IAM.Tag(key: "mfa", value: "required")],
        roleLastUsed: IAM.RoleLastUsed(lastUsedDate: later, region: "eu-central-1"))
}

struct HandlerBug: Error {}

/// An IAM handler for the dispatcher tests: a few operations with fixed answers, a bug in
/// GetGroup, every other operation left to `PartialIAMHandler` (InvalidAction).
struct FakeIAMHandler: PartialIAMHandler {
    func createUser(_ input: IAM.CreateUserRequest, _ call: CallContext) async throws -> IAM.CreateUserResponse {
        var user = Sample.user(input.userName, tags: input.tags)
        user.path = input.path ?? "/"
        user.arn = "arn:aws:iam::123456789012:user\(user.path)\(input.userName)"
        if let boundary = input.permissionsBoundary {
            user.permissionsBoundary = IAM.AttachedPermissionsBoundary(
                permissionsBoundaryType: "PermissionsBoundaryPolicy", permissionsBoundaryArn: boundary)
        }
        return IAM.CreateUserResponse(user: user)
    }

    func getUser(_ input: IAM.GetUserRequest, _ call: CallContext) async throws -> IAM.GetUserResponse {
        guard let name = input.userName, name != "nobody" else {
            throw AWSError.noSuchEntity("The user with name \(input.userName ?? "") cannot be found.")
        }
        return IAM.GetUserResponse(user: Sample.user(name))
    }

    func listUsers(_ input: IAM.ListUsersRequest, _ call: CallContext) async throws -> IAM.ListUsersResponse {
        let count = input.maxItems ?? 2
        let users = (0..<count).map { index in
            Sample.user("user\(index)", tags: index == 0 ? [IAM.Tag(key: "k", value: "v & w")] : nil)
        }
        return IAM.ListUsersResponse(users: users, isTruncated: true, marker: "next+page/=")
    }

    func deleteUser(_ input: IAM.DeleteUserRequest, _ call: CallContext) async throws {}

    func getGroup(_ input: IAM.GetGroupRequest, _ call: CallContext) async throws -> IAM.GetGroupResponse {
        throw HandlerBug()
    }

    func getRole(_ input: IAM.GetRoleRequest, _ call: CallContext) async throws -> IAM.GetRoleResponse {
        IAM.GetRoleResponse(role: Sample.role)
    }

    func getPolicyVersion(
        _ input: IAM.GetPolicyVersionRequest, _ call: CallContext
    ) async throws -> IAM.GetPolicyVersionResponse {
        IAM.GetPolicyVersionResponse(
            policyVersion: IAM.PolicyVersion(
                document: Sample.policy, versionId: input.versionId, isDefaultVersion: true,
                createDate: Sample.created))
    }

    func getAccountSummary(_ call: CallContext) async throws -> IAM.GetAccountSummaryResponse {
        IAM.GetAccountSummaryResponse(summaryMap: ["Users": 3, "UsersQuota": 5000, "AccountMFAEnabled": 1])
    }

    func getAccountPasswordPolicy(_ call: CallContext) async throws -> IAM.GetAccountPasswordPolicyResponse {
        IAM.GetAccountPasswordPolicyResponse(
            passwordPolicy: IAM.PasswordPolicy(
                minimumPasswordLength: 14, requireSymbols: true, requireNumbers: false,
                requireUppercaseCharacters: true, requireLowercaseCharacters: true, allowUsersToChangePassword: true,
                expirePasswords: true, maxPasswordAge: 90, passwordReusePrevention: 24, hardExpiry: false))
    }

    func createAccessKey(
        _ input: IAM.CreateAccessKeyRequest, _ call: CallContext
    ) async throws -> IAM.CreateAccessKeyResponse {
        IAM.CreateAccessKeyResponse(
            accessKey: IAM.AccessKey(
                userName: input.userName ?? call.principal.name, accessKeyId: "AKIAIOSFODNN7EXAMPLE",
                status: "Active", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                createDate: Sample.created))
    }

    func getAccountAuthorizationDetails(
        _ input: IAM.GetAccountAuthorizationDetailsRequest, _ call: CallContext
    ) async throws -> IAM.GetAccountAuthorizationDetailsResponse {
        IAM.GetAccountAuthorizationDetailsResponse(
            userDetailList: [
                IAM.UserDetail(
                    path: "/", userName: "alice", userId: "AIDAALICE", arn: "arn:aws:iam::123456789012:user/alice",
                    createDate: Sample.created,
                    userPolicyList: [IAM.PolicyDetail(policyName: "inline", policyDocument: Sample.policy)],
                    groupList: ["admins", "devs"],
                    attachedManagedPolicies: [
                        IAM.AttachedPolicy(
                            policyName: "ReadOnlyAccess", policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess")
                    ],
                    tags: [])
            ],
            groupDetailList: [],
            roleDetailList: [
                IAM.RoleDetail(
                    path: "/", roleName: "admin", roleId: "AROAADMIN", arn: Sample.role.arn, createDate: Sample.created,
                    assumeRolePolicyDocument: Sample.policy, instanceProfileList: [])
            ],
            policies: nil, isTruncated: false)
    }
}

/// An STS handler with fixed answers.
struct FakeSTSHandler: STSHandler {
    func assumeRole(_ input: STS.AssumeRoleRequest, _ call: CallContext) async throws -> STS.AssumeRoleResponse {
        STS.AssumeRoleResponse(
            credentials: STS.Credentials(
                accessKeyId: "ASIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY",
                sessionToken: "FwoGZXIvYXdzEBYaDH+/token==", expiration: Sample.later),
            assumedRoleUser: STS.AssumedRoleUser(
                assumedRoleId: "AROAADMIN:" + input.roleSessionName,
                arn: "arn:aws:sts::123456789012:assumed-role/admin/" + input.roleSessionName),
            packedPolicySize: 6, sourceIdentity: input.sourceIdentity)
    }

    func assumeRoot(_ input: STS.AssumeRootRequest, _ call: CallContext) async throws -> STS.AssumeRootResponse {
        STS.AssumeRootResponse(
            credentials: STS.Credentials(
                accessKeyId: "ASIAROOTEXAMPLE00001", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEROOT",
                sessionToken: "FwoGZXIvYXdzEBYaDH+/root==", expiration: Sample.later))
    }

    func getCallerIdentity(
        _ input: STS.GetCallerIdentityRequest, _ call: CallContext
    ) async throws -> STS.GetCallerIdentityResponse {
        STS.GetCallerIdentityResponse(
            userId: call.principal.userId, account: call.principal.account.rawValue, arn: call.principal.arn)
    }

    func getSessionToken(
        _ input: STS.GetSessionTokenRequest, _ call: CallContext
    ) async throws -> STS.GetSessionTokenResponse {
        throw AWSError.accessDenied("MultiFactorAuthentication failed with invalid MFA one time pass code. ")
    }

    func getAccessKeyInfo(
        _ input: STS.GetAccessKeyInfoRequest, _ call: CallContext
    ) async throws -> STS.GetAccessKeyInfoResponse {
        STS.GetAccessKeyInfoResponse(account: "123456789012")
    }

    func getFederationToken(
        _ input: STS.GetFederationTokenRequest, _ call: CallContext
    ) async throws -> STS.GetFederationTokenResponse {
        throw AWSError.accessDenied("Cannot call GetFederationToken with session credentials")
    }

    func assumeRoleWithWebIdentity(
        _ input: STS.AssumeRoleWithWebIdentityRequest, _ call: CallContext
    ) async throws -> STS.AssumeRoleWithWebIdentityResponse {
        throw AWSError(code: "InvalidIdentityToken", message: "Incorrect token audience")
    }

    func assumeRoleWithSAML(
        _ input: STS.AssumeRoleWithSAMLRequest, _ call: CallContext
    ) async throws -> STS.AssumeRoleWithSAMLResponse {
        throw AWSError(code: "InvalidIdentityToken", message: "not verified")
    }

    func decodeAuthorizationMessage(
        _ input: STS.DecodeAuthorizationMessageRequest, _ call: CallContext
    ) async throws -> STS.DecodeAuthorizationMessageResponse {
        STS.DecodeAuthorizationMessageResponse(decodedMessage: "{}")
    }

    func getWebIdentityToken(
        _ input: STS.GetWebIdentityTokenRequest, _ call: CallContext
    ) async throws -> STS.GetWebIdentityTokenResponse {
        STS.GetWebIdentityTokenResponse(webIdentityToken: "eyJhbGciOiJSUzI1NiJ9.e30.c2ln", expiration: Sample.later)
    }

    func getDelegatedAccessToken(
        _ input: STS.GetDelegatedAccessTokenRequest, _ call: CallContext
    ) async throws -> STS.GetDelegatedAccessTokenResponse {
        throw AWSError(code: "UnsupportedOperation", message: "not available")
    }
}

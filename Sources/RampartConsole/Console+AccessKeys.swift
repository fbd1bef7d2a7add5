import Foundation
import RampartCore
import RampartServices
import RampartWire

/// The principal's own access keys, each action the IAM operation it stands for (ListAccessKeys,
/// CreateAccessKey, UpdateAccessKey, DeleteAccessKey), authorized by the principal's own policies.
extension Console {
    func accessKeys(_ path: String, request: ConsoleRequest) async throws -> ConsoleResponse {
        guard let principal = signIn.principal(forSession: sessionToken(request)) else {
            return noPrincipal(request)
        }
        if principal.kind == .assumedRole { return needsUser(request, principal: principal, title: "Access keys") }
        let userName: String? = principal.kind == .user ? principal.name : nil
        var parameters = [String: String]()
        if let userName { parameters["UserName"] = userName }
        guard request.method == "POST" else {
            let (csrf, cookie) = csrfToken(request)
            let page = await keysPage(request, principal, parameters, csrf: csrf)
            return cookie.map { page.setting($0) } ?? page
        }
        guard let form = verifiedForm(request) else { return refused() }
        let csrf = form["csrf"] ?? ""
        let keyId = form["key"] ?? ""
        do {
            switch path {
            case "/console/keys/create":
                let created = try await calls.perform(
                    "CreateAccessKey", parameters: parameters, as: principal, sourceIp: request.sourceIp,
                    requestId: request.requestId
                ) { iam, call in try await iam.createAccessKey(IAM.CreateAccessKeyRequest(userName: userName), call) }
                return .html(
                    AccessKeysPage.created(id: created.accessKey.accessKeyId, secret: created.accessKey.secretAccessKey)
                )
            case "/console/keys/status":
                let status = form["status"] == "Active" ? "Active" : "Inactive"
                try await calls.perform(
                    "UpdateAccessKey", parameters: parameters.merging(["AccessKeyId": keyId, "Status": status]) { $1 },
                    as: principal, sourceIp: request.sourceIp,
                    requestId: request.requestId
                ) { iam, call in
                    try await iam.updateAccessKey(
                        IAM.UpdateAccessKeyRequest(userName: userName, accessKeyId: keyId, status: status), call)
                }
                return await keysPage(
                    request, principal, parameters, csrf: csrf, notice: "The key is now \(status.lowercased()).")
            default:  // "/console/keys/delete"
                try await calls.perform(
                    "DeleteAccessKey", parameters: parameters.merging(["AccessKeyId": keyId]) { $1 }, as: principal,
                    sourceIp: request.sourceIp,
                    requestId: request.requestId
                ) { iam, call in
                    try await iam.deleteAccessKey(
                        IAM.DeleteAccessKeyRequest(userName: userName, accessKeyId: keyId), call)
                }
                return await keysPage(request, principal, parameters, csrf: csrf, notice: "The key was deleted.")
            }
        } catch let error as AWSError {
            return await keysPage(
                request, principal, parameters, csrf: csrf, error: PlainRefusal.message(error, principal: principal))
        }
    }

    private func keysPage(
        _ request: ConsoleRequest, _ principal: Principal, _ parameters: [String: String], csrf: String,
        error: String? = nil, notice: String? = nil
    ) async -> ConsoleResponse {
        var keys: [AccessKeysPage.Key]?
        var problem = error
        do {
            let listed = try await calls.perform(
                "ListAccessKeys", parameters: parameters, as: principal, sourceIp: request.sourceIp,
                requestId: request.requestId
            ) { iam, call in
                try await iam.listAccessKeys(IAM.ListAccessKeysRequest(userName: parameters["UserName"]), call)
            }
            keys = listed.accessKeyMetadata.map {
                AccessKeysPage.Key(id: $0.accessKeyId ?? "", status: $0.status ?? "", createDate: $0.createDate)
            }
        } catch let denied as AWSError {
            problem = problem ?? PlainRefusal.message(denied, principal: principal)
        } catch {
            problem = problem ?? "Your access keys could not be listed."
        }
        return .html(
            AccessKeysPage.render(
                keys: keys, csrf: csrf, header: header(request, csrf: csrf), error: problem, notice: notice))
    }
}

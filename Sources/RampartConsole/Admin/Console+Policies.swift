import Foundation
import RampartCore
import RampartServices
import RampartWire

/// The policies pages: ListPolicies; GetPolicy, GetPolicyVersion, ListPolicyVersions and
/// ListEntitiesForPolicy for one; CreatePolicy and CreatePolicyVersion from the editor (which checks a
/// document without saving it first, with the same validation and the MFA linter); DeletePolicy after
/// its other versions go, once it is attached nowhere.
extension Console {
    func policies(_ path: AdminPath, _ admin: AdminRequest) async -> ConsoleResponse {
        let arn = admin.form?["arn"] ?? admin.query("arn") ?? ""
        switch (path.action, admin.form != nil) {
        case (nil, false):
            return await policiesList(admin, PageMessages())
        case ("new", false):
            return .html(
                PoliciesPage.new(
                    name: "", description: "", document: Self.starterPolicy, check: nil, csrf: admin.csrf,
                    header: admin.header, messages: PageMessages()))
        case ("new", true):
            return await createPolicy(admin)
        case ("view", false):
            return await policyPage(arn, admin, PageMessages(), document: nil, check: nil)
        case ("view", true):
            let document = admin.field("document")
            let check = PolicyCheck(managedPolicy: document, environment: environment)
            guard admin.field("action") == "save" else {
                return await policyPage(arn, admin, PageMessages(), document: document, check: check)
            }
            let messages = await outcome(admin) {
                let parameters = ["PolicyArn": arn, "PolicyDocument": document, "SetAsDefault": "true"]
                let version = try await admin.iam(
                    "CreatePolicyVersion", IAM.CreatePolicyVersionRequest.self, parameters
                ) {
                    iam, input, call in try await iam.createPolicyVersion(input, call).policyVersion
                }
                return "Saved as version \(version?.versionId ?? "") and made the default."
            }
            return await policyPage(
                arn, admin, messages, document: messages.error == nil ? nil : document,
                check: messages.error == nil ? nil : check)
        case ("delete", false):
            return .html(confirmPolicyDeletion(arn, admin))
        case ("delete", true):
            guard admin.field("confirm") == Self.policyName(arn) else {
                return .html(confirmPolicyDeletion(arn, admin, error: "Type the policy's name exactly to delete it."))
            }
            let messages = await outcome(admin) { try await deletePolicy(arn, admin) }
            guard messages.error == nil else { return .html(confirmPolicyDeletion(arn, admin, error: messages.error)) }
            return await policiesList(admin, messages)
        default:
            return .html(
                Layout.page(
                    title: "Not found", body: "<p><a href=\"/console\">Console home</a></p>", header: admin.header),
                status: 404)
        }
    }

    static let starterPolicy = """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Effect": "Allow",
              "Action": "iam:GetUser",
              "Resource": "*"
            }
          ]
        }
        """

    static func policyName(_ arn: String) -> String {
        arn.split(separator: "/").last.map(String.init) ?? arn
    }

    private func policiesList(_ admin: AdminRequest, _ messages: PageMessages) async -> ConsoleResponse {
        let awsManaged = admin.query("scope") == "AWS" && admin.form == nil
        var messages = messages
        var policies: [IAM.Policy]?
        do {
            policies = try await everything { marker in
                let page = try await admin.iam("ListPolicies") { iam, call in
                    try await iam.listPolicies(
                        .init(scope: awsManaged ? "AWS" : "Local", marker: marker, maxItems: 1000), call)
                }
                return (page.policies ?? [], page.isTruncated == true ? page.marker : nil)
            }
        } catch {
            messages.error = messages.error ?? admin.words(error)
        }
        return .html(PoliciesPage.list(policies, awsManaged: awsManaged, header: admin.header, messages: messages))
    }

    private func createPolicy(_ admin: AdminRequest) async -> ConsoleResponse {
        let name = admin.field("name").trimmingCharacters(in: .whitespaces)
        let description = admin.field("description")
        let document = admin.field("document")
        let check = PolicyCheck(managedPolicy: document, environment: environment)
        func again(_ messages: PageMessages) -> ConsoleResponse {
            .html(
                PoliciesPage.new(
                    name: name, description: description, document: document, check: check, csrf: admin.csrf,
                    header: admin.header, messages: messages))
        }
        guard admin.field("action") == "save" else { return again(PageMessages()) }
        do {
            var parameters = ["PolicyName": name, "PolicyDocument": document]
            if !description.isEmpty { parameters["Description"] = description }
            let policy = try await admin.iam("CreatePolicy", IAM.CreatePolicyRequest.self, parameters) {
                iam, input, call in try await iam.createPolicy(input, call).policy
            }
            return await policyPage(
                policy?.arn ?? "", admin, PageMessages(notice: "The policy \(name) was created."), document: nil,
                check: nil)
        } catch {
            return again(PageMessages(error: admin.words(error)))
        }
    }

    private func policyPage(
        _ arn: String, _ admin: AdminRequest, _ messages: PageMessages, document: String?, check: PolicyCheck?
    ) async -> ConsoleResponse {
        let parameters = ["PolicyArn": arn]
        do {
            guard
                let policy = try await admin.iam(
                    "GetPolicy", parameters,
                    { iam, call in
                        try await iam.getPolicy(.init(policyArn: arn), call).policy
                    })
            else { throw AWSError.noSuchEntity("Policy \(arn) does not exist.") }
            let version = policy.defaultVersionId ?? "v1"
            let stored = try await admin.iam("GetPolicyVersion", ["PolicyArn": arn, "VersionId": version]) {
                iam, call in
                try await iam.getPolicyVersion(.init(policyArn: arn, versionId: version), call).policyVersion?.document
            }
            let versions = try? await admin.iam("ListPolicyVersions", parameters) { iam, call in
                try await iam.listPolicyVersions(.init(policyArn: arn), call).versions
            }
            let entities = try? await admin.iam("ListEntitiesForPolicy", parameters) { iam, call in
                try await iam.listEntitiesForPolicy(.init(policyArn: arn), call)
            }
            let shown = document ?? PrettyJSON.format(Self.decodedDocument(stored ?? ""))
            return .html(
                PoliciesPage.view(
                    PoliciesPage.Detail(policy: policy, document: shown, versions: versions ?? nil, entities: entities),
                    check: check ?? PolicyCheck(managedPolicy: shown, environment: environment), csrf: admin.csrf,
                    header: admin.header, messages: messages))
        } catch {
            var shown = messages
            shown.error = admin.words(error)
            return .html(
                Layout.page(
                    title: Self.policyName(arn),
                    body: shown.html + "<p><a href=\"/console/policies\">All policies</a></p>",
                    header: admin.header,
                    crumbs: Crumbs.render([("Policies", "/console/policies")], current: Self.policyName(arn))),
                status: (error as? AWSError)?.code == "NoSuchEntity" ? 404 : 403)
        }
    }

    /// GetPolicyVersion answers the document URL-encoded, as AWS does.
    static func decodedDocument(_ document: String) -> String {
        document.hasPrefix("%7B") || document.hasPrefix("%7b")
            ? (document.removingPercentEncoding ?? document) : document
    }

    private func confirmPolicyDeletion(_ arn: String, _ admin: AdminRequest, error: String? = nil) -> String {
        ConfirmDeletePage.render(
            noun: "policy", name: Self.policyName(arn), action: "/console/policies/delete",
            consequences:
                "Deleting the policy deletes all of its versions. It must first be detached from every user, group "
                + "and role. This cannot be undone.",
            back: AdminPath.policy(arn), csrf: admin.csrf, header: admin.header, error: error, hidden: ["arn": arn])
    }

    private func deletePolicy(_ arn: String, _ admin: AdminRequest) async throws -> String {
        let parameters = ["PolicyArn": arn]
        if admin.allows("DeletePolicy", parameters) {
            let versions =
                try await admin.iam("ListPolicyVersions", parameters) { iam, call in
                    try await iam.listPolicyVersions(.init(policyArn: arn), call).versions
                } ?? []
            for version in versions where version.isDefaultVersion != true {
                let id = version.versionId ?? ""
                try await admin.iam("DeletePolicyVersion", ["PolicyArn": arn, "VersionId": id]) { iam, call in
                    try await iam.deletePolicyVersion(.init(policyArn: arn, versionId: id), call)
                }
            }
        }
        try await admin.iam("DeletePolicy", parameters) { iam, call in
            try await iam.deletePolicy(.init(policyArn: arn), call)
        }
        return "The policy \(Self.policyName(arn)) was deleted."
    }
}

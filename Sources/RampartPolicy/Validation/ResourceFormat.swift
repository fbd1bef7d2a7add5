import RampartCore

/// What IAM checks of a statement's Resource or NotResource values before it stores a policy, with its
/// words: the ARN's colons, a partition the account may name, a service, no region where the service's
/// ARNs have none, and an IAM resource type.
///
/// IAM does not stop at the first bad value. It reads the Resource values of every statement, then
/// the NotResource values, each statement's list in descending order, and the message it answers is
/// that of the last bad value it read; it is answered only after the statement ids, actions and
/// resources have been checked. While no value has been found bad, the older parser also reads each
/// statement's values, and a value it cannot read fails the policy at once ("legacy parsing").
enum ResourceFormat {
    static let partitions = Set(Partition.all.map(\.rawValue))

    static let iamResourceTypes = [
        "user/", "federated-user/", "role/", "group/", "instance-profile/", "mfa/", "server-certificate/",
        "policy/", "sms-mfa/", "saml-provider/", "oidc-provider/", "report/", "access-report/",
    ]

    /// The message of the fault IAM reports for the resources of `statements`, or nil.
    static func firstFault(in statements: [[String: Any]], partition: String?) throws(PolicyDocumentError) -> String? {
        var fault: String?
        for field in ["Resource", "NotResource"] {
            for statement in statements {
                guard let values = PolicyGrammar.strings(statement[field]) else { continue }
                for resource in values.sorted(by: >) {
                    if let found = self.fault(resource, partition: partition) { fault = found }
                }
                if fault == nil, !values.allSatisfy(passesLegacyParsing) {
                    throw .malformed("The policy failed legacy parsing")
                }
            }
        }
        return fault
    }

    /// The older parser's reading: an ARN with an empty field needs all six fields, and a service.
    static func passesLegacyParsing(_ resource: String) -> Bool {
        guard resource != "*" else { return true }
        let colons = resource.reduce(0) { $0 + ($1 == ":" ? 1 : 0) }
        guard colons >= 5 || !resource.contains("::") else { return false }
        let fields = resource.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
        return fields.count < 3 || !fields[2].isEmpty
    }

    /// The message for one value, or nil when IAM takes it.
    static func fault(_ resource: String, partition accountPartition: String?) -> String? {
        guard resource != "*" else { return nil }
        // The first field is not read: only the colon after it counts.
        guard let firstColon = resource.firstIndex(of: ":") else {
            return "Resource \(resource) must be in ARN format or \"*\"."
        }
        let afterPrefix = resource[resource.index(after: firstColon)...]
        let partition = afterPrefix.prefix { $0 != ":" }
        let accepted = accountPartition.map { [$0, "*"] } ?? Array(partitions) + ["*"]
        guard accepted.contains(String(partition)) else {
            return partitionMessage(String(partition), rest: afterPrefix.dropFirst(partition.count + 1))
        }
        guard partition.endIndex < afterPrefix.endIndex else {
            return "Resource vendor must be fully qualified and cannot contain regexes."
        }
        let afterPartition = afterPrefix[afterPrefix.index(after: partition.endIndex)...]
        let service = afterPartition.prefix { $0 != ":" }
        let afterService = afterPartition.dropFirst(service.count)
        let fields = afterService.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
        // fields: "" (before the service's colon), region, account, resource. A policy variable
        // (`${aws:PrincipalAccount}`) has a colon of its own, so when one stands before the resource the
        // fields cannot be told apart by splitting; such a resource is judged at evaluation, as written.
        guard !fields.prefix(3).contains(where: { $0.contains("${") }) else { return nil }
        let region = fields.count > 1 ? fields[1] : nil
        let relative = fields.count > 3 ? fields[3] : ""
        switch service {
        case "iam":
            if region != "" { return "IAM resource \(resource) cannot contain region information." }
            // The account's root user (`arn:aws:iam::*:root`, as AWS's root-task policies name it) is
            // taken though the message does not list it.
            guard relative == "*" || relative == "root" || iamResourceTypes.contains(where: relative.hasPrefix) else {
                return
                    "IAM resource path must either be \"*\" or start with \(iamResourceTypes.joined(separator: ", "))."
            }
        case "s3" where region != "" && !relative.hasPrefix("accesspoint/"):
            // S3's access points are regional; its buckets and objects are not.
            return "Resource \(resource) can not contain region information."
        default:
            break
        }
        return nil
    }

    /// IAM quotes a resource of a partition it refuses with every missing field shown as `*`.
    private static func partitionMessage(_ partition: String, rest: Substring) -> String {
        let fields = rest.split(separator: ":", omittingEmptySubsequences: false)
        let first = fields[0].isEmpty && fields.count == 1 ? "*" : String(fields[0])
        let second = fields.count > 1 ? String(fields[1]) : "*"
        let third = fields.count > 2 ? String(fields[2]) : "*"
        let resource = fields.count > 3 ? fields[3...].joined(separator: ":") : "*"
        return
            "Partition \"\(partition)\" is not valid for resource \"arn:\(partition):\(first):\(second):\(third):\(resource)\"."
    }
}

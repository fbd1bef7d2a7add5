/// What IAM checks of a statement's Resource or NotResource value before it stores a policy, with
/// its words: the ARN form, a known partition, and no region where the service's ARNs have none.
enum ResourceFormat {
    static let partitions: Set<String> = [
        "aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f",
    ]

    static func check(_ resource: String) throws(PolicyDocumentError) {
        let parts = resource.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn" else {
            throw .malformed("Resource \(resource) must be in ARN format or \"*\".")
        }
        // A policy variable (`${aws:username}`) has colons of its own, so the fields cannot be told
        // apart by splitting; such a resource is judged at evaluation, as written.
        guard !parts[..<5].contains(where: { $0.contains("${") }) else { return }
        let (partition, service, region, relative) = (parts[1], parts[2], parts[3], parts[5])
        guard partition == "*" || partitions.contains(String(partition)) else {
            throw .malformed(
                "Partition \"\(partition)\" is not valid for resource \"arn:\(partition):\(parts[2...].joined(separator: ":"))\"."
            )
        }
        guard !region.isEmpty else { return }
        switch service {
        case "iam":
            throw .malformed("IAM resource \(resource) cannot contain region information.")
        case "s3" where !relative.hasPrefix("accesspoint/"):
            // S3's access points are regional; its buckets and objects are not.
            throw .malformed("Resource \(resource) can not contain region information.")
        default:
            return
        }
    }
}

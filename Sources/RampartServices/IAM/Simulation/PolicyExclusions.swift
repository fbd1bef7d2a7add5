import RampartCore
import RampartPolicy

/// SimulatePrincipalPolicy's PolicyExclusionList: which of the principal's own policies to leave out, by
/// type, by managed policy ARN (wildcards in the name), or by inline policy name and the entity holding it
/// (wildcards in the entity name).
struct PolicyExclusions {
    private let identifiers: [IAM.PolicyIdentifier]

    init(_ identifiers: [IAM.PolicyIdentifier]?) throws(AWSError) {
        self.identifiers = identifiers ?? []
        for identifier in self.identifiers {
            let given = [
                identifier.policyType != nil, identifier.policyArn != nil, identifier.inlinePolicyIdentifier != nil,
            ]
            guard given.filter({ $0 }).count == 1 else {
                throw AWSError.invalidInput(
                    "Each PolicyIdentifier must specify exactly one of PolicyType, PolicyArn or InlinePolicyIdentifier."
                )
            }
        }
    }

    /// Whether a managed policy (attached, or as the boundary when `asBoundary`) is excluded.
    func excludesManaged(arn: String, asBoundary: Bool = false) -> Bool {
        identifiers.contains { identifier in
            if let type = identifier.policyType {
                if asBoundary { return type == "permission-boundary" }
                return type == (ARN(parsing: arn)?.account == "aws" ? "aws-managed" : "user-managed")
            }
            if let pattern = identifier.policyArn { return WildcardPattern(pattern).matches(arn) }
            return false
        }
    }

    /// Whether the inline policy `name` of the user, group or role `holder` is excluded.
    func excludesInline(name: String, holderType: String, holder: String) -> Bool {
        identifiers.contains { identifier in
            if let type = identifier.policyType { return type == "inline" }
            guard let inline = identifier.inlinePolicyIdentifier else { return false }
            return inline.policyName == name && inline.attachmentType.lowercased() == holderType
                && WildcardPattern(inline.attachmentName).matches(holder)
        }
    }
}

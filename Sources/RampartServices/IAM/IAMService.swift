import Foundation
import RampartCore
import RampartPolicy
import RampartStore

/// The IAM operations. Each family lives in its own file (`IAMService+Users.swift`, …);
/// every operation reads a snapshot or runs one store write, and returns wire shapes.
public struct IAMService: IAMHandler {
    let environment: ServiceEnvironment
    /// How far back the trail reaches: the access advisor's tracking window.
    let trailRetention: TimeInterval
    /// Where delegation request notices go (the SNS topics' outbox); nil drops them (in-process callers
    /// such as the console, which never move a request).
    let notices: EmailOutbox?

    public init(
        environment: ServiceEnvironment, trailRetention: TimeInterval = TrailRetention.defaultPeriod,
        notices: EmailOutbox? = nil
    ) {
        self.environment = environment
        self.trailRetention = trailRetention
        self.notices = notices
    }

    var store: any Store { environment.store }
}

extension IAMService {
    /// The user an operation with an optional `UserName` acts on: the named one, or the caller.
    /// Nil means the root user (only root may omit the name and mean itself).
    func targetUserName(_ name: String?, _ call: CallContext) throws(AWSError) -> String? {
        if let name { return name }
        switch call.principal.kind {
        case .user: return call.principal.name
        case .root: return nil
        case .assumedRole, .federatedUser:
            throw AWSError.validation("Must specify userName when calling with non-User credentials")
        }
    }

    /// `targetUserName`, checked: the user must exist, and its stored spelling is returned.
    func existingTargetUser(_ name: String?, _ call: CallContext, _ reader: some EntityReader) throws(AWSError)
        -> String?
    {
        guard let name = try targetUserName(name, call) else { return nil }
        return try reader.user(call.principal.account, name).name
    }

    /// The size quota IAM enforces on a document of one kind, as its LimitExceeded message names it.
    struct PolicySizeQuota {
        var name: String
        var limit: Int
        static let managed = PolicySizeQuota(name: "PolicySize", limit: Limits.managedPolicySize)
        static let trust = PolicySizeQuota(name: "ACLSizePerRole", limit: Limits.assumeRolePolicySize)
    }

    /// Validates a policy document for writing, with IAM's grammar for the account's partition, and
    /// enforces its size quota (inline policies have none of their own: their holder's total is checked
    /// where they are written).
    func validatePolicy(_ json: String, grammar: PolicyGrammar, quota: PolicySizeQuota?) throws(AWSError) {
        do {
            // Compiling too catches what the grammar lets through but the engine cannot
            // evaluate, so no stored policy silently grants nothing.
            let document = try PolicyDocument(json: json, grammar: grammar)
            _ = try CompiledPolicy(document: document, id: "validation")
        } catch {
            throw AWSError.malformedPolicyDocument(error.message)
        }
        if let quota, PolicyDocument.size(of: json) > quota.limit {
            throw AWSError.limitExceeded("Cannot exceed quota for \(quota.name): \(quota.limit)")
        }
    }

    func validateTrustPolicy(_ json: String, _ partition: Partition) throws(AWSError) {
        try validatePolicy(json, grammar: PolicyGrammar(kind: .trust, partition: partition.rawValue), quota: .trust)
    }

    func validateTags(_ existing: [Tag], adding: [Tag]) throws(AWSError) {
        var keys = Set<String>()
        for tag in adding {
            guard keys.insert(tag.key.lowercased()).inserted else {
                throw AWSError.invalidInput("Duplicate tag keys found. Please note that Tag keys are case insensitive.")
            }
        }
        if existing.merging(adding).count > Limits.tagsPerResource {
            throw AWSError.limitExceeded("Cannot exceed quota for TagsPerResource: \(Limits.tagsPerResource)")
        }
    }

    /// IAM paths: "/" or "/segment/…/" with printable ASCII.
    func validatePath(_ path: String?) throws(AWSError) {
        guard let path else { return }
        guard path.hasPrefix("/"), path.hasSuffix("/"), !path.contains("//") || path == "/" else {
            throw AWSError.validation(
                "The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters."
            )
        }
    }
}

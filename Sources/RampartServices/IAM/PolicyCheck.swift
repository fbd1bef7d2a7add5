import Foundation
import RampartCore
import RampartPolicy

/// A policy document (customer managed, a role's trust policy or an inline policy) checked before it is
/// saved, as the console's policy editor shows it: the error CreatePolicy or CreatePolicyVersion would answer (the same validation, run without
/// writing), and the MFA linter's findings with their line and column.
public struct PolicyCheck: Sendable {
    public struct Finding: Sendable, Equatable {
        public var severity: String
        public var line: Int
        public var column: Int
        public var message: String
        public var fix: String
    }

    /// What the API would refuse the document with; nil when it would accept it.
    public var error: AWSError?
    /// Where the document stops being JSON, when it does (the API's message has no position).
    public var position: (line: Int, column: Int)?
    public var findings: [Finding]

    /// Which document is checked, for the validation of the operation that would save it.
    public enum Kind: Sendable {
        /// CreatePolicy, CreatePolicyVersion.
        case managed
        /// UpdateAssumeRolePolicy (and CreateRole's document).
        case trust
        /// PutUserPolicy, PutGroupPolicy, PutRolePolicy: their size limits differ.
        case inline(sizeLimit: Int)
    }

    public init(managedPolicy json: String, environment: ServiceEnvironment, partition: Partition = .commercial) {
        self.init(json, kind: .managed, environment: environment, partition: partition)
    }

    /// `partition` is that of the account the document would be saved in: its resources must name it.
    public init(_ json: String, kind: Kind, environment: ServiceEnvironment, partition: Partition = .commercial) {
        let iam = IAMService(environment: environment)
        do {
            switch kind {
            case .managed: try iam.validateManagedPolicy(json, partition)
            case .trust: try iam.validateTrustPolicy(json, partition)
            case .inline(let limit):
                try iam.validatePolicy(
                    json, grammar: PolicyGrammar(kind: .identity, partition: partition.rawValue),
                    quota: IAMService.PolicySizeQuota(name: "PolicySize", limit: limit))
            }
            error = nil
        } catch {
            self.error = error
        }
        position = nil
        findings = []
        do {
            findings = try MFAPolicyLinter.lint(json).map {
                Finding(
                    severity: $0.severity.rawValue, line: $0.line, column: $0.column, message: $0.message, fix: $0.fix)
            }
        } catch {
            if case .notJSON(let line, let column, _) = error { position = (line, column) }
        }
    }
}

import RampartCore
import RampartPolicy
import Testing

@testable import RampartServices

@Suite struct AWSManagedPolicyGrammarTests {
    /// The policies Rampart ships are stored without passing CreatePolicy, so nothing else checks that
    /// IAM would take them, named in each partition an account can be in.
    @Test(arguments: Partition.all)
    func everyShippedPolicyPassesIAMsGrammarInItsPartition(partition: Partition) throws {
        let grammar = PolicyGrammar(kind: .identity, partition: partition.rawValue, requiresCurrentVersion: true)
        for policy in AWSManagedPolicies.all {
            let version = try #require(policy.defaultVersion)
            #expect(throws: Never.self, "\(policy.name): \(version.document)") {
                try PolicyDocument(json: policy.document(of: version, in: partition), grammar: grammar)
            }
        }
    }
}

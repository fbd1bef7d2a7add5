import RampartCore
import RampartPolicy

/// One policy taking part in a simulation, with what MatchedStatements says about it: the id and source type
/// AWS reports (an inline policy's name and "user", a managed policy's name and "aws-managed", or
/// "PolicyInputList.1" and "none" for a document passed in), and where each statement sits in the text.
struct SimulatedPolicy {
    enum Source: String {
        case user, group, role
        case awsManaged = "aws-managed"
        case userManaged = "user-managed"
        case resource, none
    }

    let sourceId: String
    let source: Source
    let document: PolicyDocument
    let json: String

    /// Parses `json`; a document that would be refused on write is refused here too, named by its input.
    init(json: String, sourceId: String, source: Source, kind: PolicyDocument.Kind) throws(AWSError) {
        do {
            document = try PolicyDocument(json: json, kind: kind)
        } catch {
            throw AWSError.invalidInput("Policy \(sourceId) is not a valid policy document: \(error.message)")
        }
        self.sourceId = sourceId
        self.source = source
        self.json = json
    }

    /// Compiled under `key`, the id the evaluator reports back in MatchedStatement.
    func compiled(key: String) throws(AWSError) -> CompiledPolicy {
        do {
            return try CompiledPolicy(document: document, id: key)
        } catch {
            throw AWSError.invalidInput("Policy \(sourceId) is not a valid policy document: \(error.message)")
        }
    }

    /// The wire form of one of this policy's statements.
    func statement(at index: Int, spans: [StatementSpan]) -> IAM.Statement {
        let span = index < spans.count ? spans[index] : nil
        return IAM.Statement(
            sourcePolicyId: sourceId, sourcePolicyType: source.rawValue,
            startPosition: span.map { IAM.Position(line: $0.startLine, column: $0.startColumn) },
            endPosition: span.map { IAM.Position(line: $0.endLine, column: $0.endColumn) })
    }
}

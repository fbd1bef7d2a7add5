/// The compiled statements of a policy. A class: evaluation passes policies around by the dozen per
/// decision, and one reference is cheaper to share than a struct of arrays.
final class PolicyProgram: Sendable {
    let statements: [CompiledStatement]
    let actions: ActionTable

    init(_ document: PolicyDocument) throws(PolicyDocumentError) {
        // IAM substitutes ${…} only under Version 2012-10-17; otherwise the text is literal.
        let variables = document.version == "2012-10-17"
        var statements = [CompiledStatement]()
        statements.reserveCapacity(document.statements.count)
        for (index, statement) in document.statements.enumerated() {
            statements.append(try CompiledStatement(statement, index: index, variables: variables))
        }
        self.statements = statements
        actions = ActionTable(document.statements)
    }
}

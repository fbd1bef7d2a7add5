import RampartCore

/// A partner's policy template: an IAM policy whose text holds `@{name}` placeholders (`PlaceholderText`),
/// filled in from the parameters of a delegation request (AWS's "Policy templates").
struct DelegationPolicyTemplate {
    /// AWS's limit on the rendered policy.
    static let renderedSizeLimit = 2048

    let text: String

    /// The policy with every placeholder replaced: a `string` parameter's one value where its placeholder
    /// stands, a `stringList` parameter's values as a JSON array. Every placeholder must have a parameter
    /// and every parameter a placeholder, so a request cannot silently drop or add a scope.
    func render(_ parameters: [DelegationRequest.Parameter]) throws(AWSError) -> String {
        var values: [String: [String]] = [:]
        for parameter in parameters {
            guard values.updateValue(parameter.values, forKey: parameter.name) == nil else {
                throw AWSError.invalidInput("Duplicate policy parameter: \(parameter.name).")
            }
        }
        let lists = Set(parameters.filter { $0.type == "stringList" }.map(\.name))
        let (rendered, used) = try PlaceholderText(text: text).render(values, lists: lists, json: true)
        if let unused = parameters.first(where: { !used.contains($0.name) }) {
            throw AWSError.invalidInput("The policy template has no parameter named \(unused.name).")
        }
        return rendered
    }
}

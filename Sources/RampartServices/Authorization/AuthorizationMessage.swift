import Foundation
import RampartCore
import RampartPolicy

/// What `DecodeAuthorizationMessage` tells of a denied request, in AWS's document shape: `allowed`,
/// `explicitDeny`, `matchedStatements`, `failures` and the `context` (principal, action, resource,
/// the request's condition keys), lists wrapped as `{"items": [...]}` the way AWS writes them.
struct AuthorizationMessage {
    var explicitDeny: Bool
    var matchedStatements: [MatchedStatement]
    var principal: Principal
    var action: String
    var resource: String
    var conditions: [(key: String, values: [String])]

    init(_ request: AuthorizationRequest, result: EvaluationResult?, denial: AWSError) {
        explicitDeny = result.map { $0.decision == .explicitDeny } ?? denial.message.contains("explicit deny")
        matchedStatements = result?.matchedStatements ?? []
        principal = request.principal
        action = request.action
        resource = request.resource
        conditions = request.context.keyValues
    }

    /// The JSON text, keys sorted; `conditionLimit` keeps the first that many condition keys, so a
    /// message can be made to fit the model's 10,240 characters.
    func json(conditionLimit: Int = .max) -> [UInt8] {
        let statements: [[String: Any]] = matchedStatements.map { statement in
            [
                "statementId": statement.sid ?? "", "effect": statement.effect.rawValue.uppercased(),
                "policy": statement.policyId, "principals": items([principal.userId]),
            ]
        }
        let context: [String: Any] = [
            "principal": ["id": principal.userId, "name": principal.name, "arn": principal.arn],
            "action": action, "resource": resource,
            "conditions": [
                "items": conditions.prefix(conditionLimit).map { condition -> [String: Any] in
                    ["key": condition.key, "values": items(condition.values)]
                }
            ],
        ]
        let document: [String: Any] = [
            "allowed": false, "explicitDeny": explicitDeny, "matchedStatements": ["items": statements],
            "failures": ["items": [Any]()], "context": context,
        ]
        let data = try? JSONSerialization.data(
            withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])
        return Array(data ?? Data("{}".utf8))
    }

    private func items(_ values: [String]) -> [String: Any] {
        ["items": values.map { ["value": $0] }]
    }
}

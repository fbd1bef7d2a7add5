import Foundation

/// What could not be delivered, one JSON file per event and target in `<data>/dead-letters/`:
/// the rule, the target, the destination, how many attempts were made, the last failure and the
/// event. AWS would send these to the target's dead-letter SQS queue, which Rampart does not have;
/// a target's `DeadLetterConfig` ARN is written into the file.
public struct DeadLetterFolder: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    func write(_ letter: DeadLetter) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let name =
            "\(BusEvent.timestamp(letter.failedAt).filter { $0 != ":" && $0 != "-" })-\(letter.event.id)-\(letter.targetId).json"
        let file = URL(fileURLWithPath: path).appendingPathComponent(name)
        try Data(letter.json.text.utf8).write(to: file, options: .atomic)
    }
}

struct DeadLetter {
    var rule: String
    var targetId: String
    var targetArn: String
    var deadLetterArn: String?
    var endpoint: String
    var attempts: Int
    var reason: String
    var failedAt: Date
    var event: BusEvent

    var json: EventJSON {
        var members: [String: EventJSON] = [
            "rule": .string(rule), "targetId": .string(targetId), "targetArn": .string(targetArn),
            "invocationEndpoint": .string(endpoint), "attempts": .number(Double(attempts)), "reason": .string(reason),
            "failedAt": .string(BusEvent.timestamp(failedAt)), "account": .string(event.account.rawValue),
            "event": event.envelope,
        ]
        if let deadLetterArn { members["deadLetterArn"] = .string(deadLetterArn) }
        return .object(members)
    }
}

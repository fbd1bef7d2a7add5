import Foundation
import RampartCore

/// Deliveries waiting for their next attempt, one JSON file each in `<data>/pending-deliveries/`
/// (the rule, the target id, the attempts made, when the first was, the last failure, the event),
/// written before each wait and removed once the delivery succeeds or is dead-lettered. A server
/// that stops leaves them there, and the next start resumes them where they were.
public struct PendingDeliveryFolder: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    func save(_ entry: PendingDelivery) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try Data(entry.json.text.utf8).write(to: file(of: entry), options: .atomic)
    }

    func remove(_ entry: PendingDelivery) {
        try? FileManager.default.removeItem(at: file(of: entry))
    }

    /// Every saved delivery that reads back whole; a file that does not is left for a person to look at.
    func all() -> [PendingDelivery] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().compactMap { name in
            let url = URL(fileURLWithPath: path).appendingPathComponent(name)
            guard let data = try? Data(contentsOf: url), let text = String(data: data, encoding: .utf8),
                let json = EventJSON(parsing: text)
            else { return nil }
            return PendingDelivery(json: json)
        }
    }

    private func file(of entry: PendingDelivery) -> URL {
        // Rule names and target ids are letters, digits and `.-_`, so the name is safe as it is.
        URL(fileURLWithPath: path).appendingPathComponent("\(entry.event.id)-\(entry.rule)-\(entry.targetId).json")
    }
}

struct PendingDelivery: Sendable {
    var rule: String
    var targetId: String
    var attempts: Int
    var firstAttemptAt: Date
    var lastFailure: String
    var event: BusEvent

    var json: EventJSON {
        .object([
            "rule": .string(rule), "targetId": .string(targetId), "attempts": .number(Double(attempts)),
            "firstAttemptAt": .number(firstAttemptAt.timeIntervalSince1970), "lastFailure": .string(lastFailure),
            "event": event.envelope, "readOnly": .bool(event.readOnly),
        ])
    }

    init(rule: String, targetId: String, attempts: Int, firstAttemptAt: Date, lastFailure: String, event: BusEvent) {
        self.rule = rule
        self.targetId = targetId
        self.attempts = attempts
        self.firstAttemptAt = firstAttemptAt
        self.lastFailure = lastFailure
        self.event = event
    }

    init?(json: EventJSON) {
        guard case .string(let rule)? = json["rule"], case .string(let targetId)? = json["targetId"],
            case .number(let attempts)? = json["attempts"], case .number(let first)? = json["firstAttemptAt"],
            case .string(let lastFailure)? = json["lastFailure"], let envelope = json["event"],
            var event = BusEvent(envelope: envelope)
        else { return nil }
        if case .bool(let readOnly)? = json["readOnly"] { event.readOnly = readOnly }
        self.init(
            rule: rule, targetId: targetId, attempts: Int(attempts), firstAttemptAt: Date(timeIntervalSince1970: first),
            lastFailure: lastFailure, event: event)
    }
}

extension BusEvent {
    /// An event read back from its envelope (as `envelope` writes it); nil when a field is missing.
    init?(envelope: EventJSON) {
        guard case .string(let id)? = envelope["id"], case .string(let detailType)? = envelope["detail-type"],
            case .string(let source)? = envelope["source"], case .string(let accountText)? = envelope["account"],
            let account = AccountID(accountText), case .string(let timeText)? = envelope["time"],
            let time = ISO8601DateFormatter().date(from: timeText), case .string(let region)? = envelope["region"],
            case .array(let resourceValues)? = envelope["resources"], let detail = envelope["detail"]
        else { return nil }
        let resources = resourceValues.compactMap { value -> String? in
            if case .string(let text) = value { return text }
            return nil
        }
        self.init(
            id: id, detailType: detailType, source: source, account: account, time: time, region: region,
            resources: resources, detail: detail)
    }
}

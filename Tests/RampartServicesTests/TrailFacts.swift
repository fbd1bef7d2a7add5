import Foundation
import RampartCore
import RampartStore

/// A sign-in fact read back from the trail: Rampart's own name for it (CheckMfa records keep
/// theirs as `RampartEvent`), its additional data, and whether it succeeded.
struct TrailFact {
    var name: String
    var details: [String: String]
    var sourceIp: String
}

extension Store {
    /// Every event of an account's trail, in chain order, as the facts the services wrote.
    func facts(_ account: AccountID) async throws -> [TrailFact] {
        try await trailLinks(account: account, from: 1, limit: 100_000).map { link in
            let body = try JSONSerialization.jsonObject(with: Data(link.event.body.utf8)) as? [String: Any] ?? [:]
            var details = (body["additionalEventData"] as? [String: Any] ?? [:]).compactMapValues { $0 as? String }
            let name = details["RampartEvent"] ?? link.event.eventName
            if let serial = details["MFAIdentifier"] { details["serialNumber"] = serial }
            if let result = (body["responseElements"] as? [String: Any])?[link.event.eventName] as? String {
                details["result"] = result
            }
            return TrailFact(name: name, details: details, sourceIp: body["sourceIPAddress"] as? String ?? "")
        }
    }
}

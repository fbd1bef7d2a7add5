import Foundation
import RampartCore
import RampartStore

/// Reads one account's trail for the attempts an access advisor job counts: every event of the
/// tracking window, in chain order, a page at a time. The cost is O(events of the account in the
/// window) rows read; only events that may be a covered entity's are parsed (a user's name is the
/// event's `Username`; a role's sessions use temporary keys), so a user's report parses that user's
/// events and a role's report the account's temporary-credential events.
struct ServiceLastAccessedScan {
    let store: any Store
    let account: AccountID
    let since: Date
    let entities: [ServiceLastAccessedJob.EntityAccess]
    var pageSize = 2_000

    func attempts() async throws -> [ServiceAccessAttempt] {
        let userNames = Set(entities.filter { $0.type == .user }.map(\.name))
        let hasRoles = entities.contains { $0.type == .role }
        let covered = Set(entities.map(\.arn))
        var attempts = [ServiceAccessAttempt]()
        var next: Int64 = 1
        while true {
            let links = try await store.trailLinks(account: account, from: next, limit: pageSize)
            for link in links {
                let event = link.event
                guard event.time >= since else { continue }
                let mayBeUser = event.username.map { userNames.contains($0) } ?? false
                let mayBeRole = hasRoles && event.accessKeyId?.hasPrefix("ASIA") == true
                guard mayBeUser || mayBeRole, let attempt = ServiceAccessAttempt(event),
                    covered.contains(attempt.entityArn)
                else { continue }
                attempts.append(attempt)
            }
            guard let last = links.last, links.count == pageSize else { return attempts }
            next = last.sequence + 1
        }
    }
}

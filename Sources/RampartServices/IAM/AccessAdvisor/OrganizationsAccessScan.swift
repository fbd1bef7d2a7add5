import Foundation
import RampartCore
import RampartStore

/// Reads the trails of an Organizations access report's accounts for each service's latest attempt in
/// the tracking window. Every API call of a principal of the account counts (its root user, IAM users and
/// roles, refused calls too); console sign-ins and calls of no AWS service do not. O(events of the
/// accounts in the window) rows read and parsed.
struct OrganizationsAccessScan {
    struct Attempt: Equatable {
        var time: Date
        var region: String
    }

    let store: any Store
    let since: Date
    var pageSize = 2_000

    /// Namespace → the account's latest attempt.
    func latestAttempts(of account: AccountID) async throws -> [String: Attempt] {
        var latest = [String: Attempt]()
        var next: Int64 = 1
        while true {
            let links = try await store.trailLinks(account: account, from: next, limit: pageSize)
            for link in links {
                let event = link.event
                guard event.time >= since, event.eventSource.hasSuffix(ServiceAccessAttempt.sourceSuffix),
                    let region = Self.regionOfPrincipalCall(event, of: account)
                else { continue }
                let namespace = String(event.eventSource.dropLast(ServiceAccessAttempt.sourceSuffix.count))
                if let known = latest[namespace], known.time >= event.time { continue }
                latest[namespace] = Attempt(time: event.time, region: region)
            }
            guard let last = links.last, links.count == pageSize else { return latest }
            next = last.sequence + 1
        }
    }

    /// The region of an API call made by the account's own root user, IAM user or role session; nil for
    /// any other event (a caller of another account whose cross-account call this trail also records).
    private static func regionOfPrincipalCall(_ event: TrailEvent, of account: AccountID) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(event.body.utf8)) as? [String: Any],
            object["eventType"] as? String == "AwsApiCall",
            let identity = object["userIdentity"] as? [String: Any],
            identity["accountId"] as? String == account.rawValue,
            ["Root", "IAMUser", "AssumedRole"].contains(identity["type"] as? String ?? "")
        else { return nil }
        return object["awsRegion"] as? String ?? ""
    }
}

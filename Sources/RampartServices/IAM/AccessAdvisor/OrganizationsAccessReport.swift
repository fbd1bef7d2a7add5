import Foundation
import RampartCore

/// The Organizations access report's computation, a plain function of its inputs: the SCP levels that
/// decide which services are listed, and each covered account's latest attempt per service.
enum OrganizationsAccessReport {
    typealias ServiceAccess = OrganizationsAccessReportJob.ServiceAccess

    static func services(
        policyLevels: [[PolicyGrant]]?, accounts: [OrganizationsAccessSubject.CoveredAccount],
        attempts: [AccountID: [String: OrganizationsAccessScan.Attempt]]
    ) -> [ServiceAccess] {
        var candidates = Set(ServiceCatalog.served)
        for level in policyLevels ?? [] {
            for grant in level { candidates.formUnion(grant.namedNamespaces) }
        }
        // Every level from the root down must allow a service (an empty level allows nothing).
        let allowed = candidates.filter { namespace in
            (policyLevels ?? []).allSatisfy { level in level.contains { $0.allows(namespace: namespace) } }
        }
        return allowed.sorted().map { namespace in
            var latest: (account: OrganizationsAccessSubject.CoveredAccount, attempt: OrganizationsAccessScan.Attempt)?
            var total = 0
            for account in accounts {
                guard let attempt = attempts[account.id]?[namespace] else { continue }
                total += 1
                if let known = latest, known.attempt.time >= attempt.time { continue }
                latest = (account, attempt)
            }
            return ServiceAccess(
                namespace: namespace, name: ServiceCatalog.name(of: namespace), region: latest?.attempt.region,
                entityPath: latest?.account.path, lastAuthenticated: latest?.attempt.time,
                totalAuthenticatedEntities: total)
        }
    }

    /// `sortKeyType`: by namespace (the default) or by last attempt, either way round. Services never
    /// attempted count as the oldest; ties keep namespace order.
    static func sorted(_ services: [ServiceAccess], by sortKey: String?) -> [ServiceAccess] {
        let byNamespace = services.sorted { $0.namespace < $1.namespace }
        switch sortKey {
        case "SERVICE_NAMESPACE_DESCENDING":
            return byNamespace.reversed()
        case "LAST_AUTHENTICATED_TIME_ASCENDING":
            return stable(byNamespace) {
                ($0.lastAuthenticated ?? .distantPast) < ($1.lastAuthenticated ?? .distantPast)
            }
        case "LAST_AUTHENTICATED_TIME_DESCENDING":
            return stable(byNamespace) {
                ($0.lastAuthenticated ?? .distantPast) > ($1.lastAuthenticated ?? .distantPast)
            }
        default:
            return byNamespace
        }
    }

    private static func stable(_ items: [ServiceAccess], _ before: (ServiceAccess, ServiceAccess) -> Bool)
        -> [ServiceAccess]
    {
        items.enumerated().sorted { left, right in
            if before(left.element, right.element) { return true }
            if before(right.element, left.element) { return false }
            return left.offset < right.offset
        }
        .map(\.element)
    }
}

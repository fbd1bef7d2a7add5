import Foundation
import RampartCore

/// The access advisor's computation, a plain function of its inputs: the permissions policies that
/// say which services are reported, the users and roles whose attempts count, and the attempts of the
/// tracking window. Linear in the attempts, plus services × entities for the per-entity lists.
enum ServiceLastAccessedReport {
    typealias ServiceAccess = ServiceLastAccessedJob.ServiceAccess
    typealias Attempt = ServiceLastAccessedJob.Attempt

    static func services(
        policies: [PolicyGrant], entities: [ServiceLastAccessedJob.EntityAccess], attempts: [ServiceAccessAttempt],
        granularity: ServiceLastAccessedJob.Granularity
    ) -> [ServiceAccess] {
        var candidates = Set(ServiceCatalog.served)
        for policy in policies { candidates.formUnion(policy.namedNamespaces) }
        let allowed = candidates.filter { namespace in policies.contains { $0.allows(namespace: namespace) } }.sorted()

        let covered = Set(entities.map(\.arn))
        var byEntity = [String: [String: Attempt]]()  // namespace → entity ARN → latest
        var byAction = [String: [String: Attempt]]()  // namespace → action → latest
        for attempt in attempts where covered.contains(attempt.entityArn) {
            let latest = Attempt(time: attempt.time, entityArn: attempt.entityArn, region: attempt.region)
            keepLatest(latest, in: &byEntity[attempt.namespace, default: [:]], key: attempt.entityArn)
            keepLatest(latest, in: &byAction[attempt.namespace, default: [:]], key: attempt.action)
        }

        return allowed.map { namespace in
            let used = byEntity[namespace] ?? [:]
            var listed = entities.map { entity in
                var entity = entity
                entity.lastAuthenticated = used[entity.arn]?.time
                return entity
            }
            // Most recent first, as AWS sorts EntityDetailsList; entities that never attempted it after.
            listed.sort { left, right in
                switch (left.lastAuthenticated, right.lastAuthenticated) {
                case (let l?, let r?) where l != r: l > r
                case (.some, nil): true
                case (nil, .some): false
                default: left.arn < right.arn
                }
            }
            var tracked: [ServiceLastAccessedJob.TrackedAction]?
            if granularity == .actionLevel, let actions = ServiceCatalog.trackedActions[namespace] {
                let attempted = byAction[namespace] ?? [:]
                tracked = actions.filter { action in
                    policies.contains { $0.allows(namespace: namespace, action: action) }
                }
                .map { ServiceLastAccessedJob.TrackedAction(name: $0, last: attempted[$0]) }
            }
            return ServiceAccess(
                namespace: namespace, name: ServiceCatalog.name(of: namespace),
                last: used.values.max { $0.time < $1.time }, totalEntities: used.count, trackedActions: tracked,
                entities: listed)
        }
    }

    private static func keepLatest(_ attempt: Attempt, in latest: inout [String: Attempt], key: String) {
        if let known = latest[key], known.time >= attempt.time { return }
        latest[key] = attempt
    }
}

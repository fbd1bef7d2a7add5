import Foundation
import RampartCore
import RampartStore
import Synchronization

/// Records when each long-term access key was last used, for GetAccessKeyLastUsed. Like AWS,
/// it keeps the first use in each 15-minute span (or a change of service or region), so a busy
/// key costs one store write per span instead of one per request; the write happens after the
/// response, off the request path.
final class AccessKeyUsageRecorder: Sendable {
    private let store: any Store
    private let lastWritten = Mutex<[String: (Date, String, String)]>([:])
    static let span: TimeInterval = 15 * 60

    init(store: any Store) {
        self.store = store
    }

    func record(_ principal: Principal, service: String, region: String, at now: Date) {
        guard principal.session == nil else { return }
        let id = principal.accessKeyId
        let due = lastWritten.withLock { written -> Bool in
            if let (date, lastService, lastRegion) = written[id], now.timeIntervalSince(date) < Self.span,
                lastService == service, lastRegion == region
            {
                return false
            }
            written[id] = (now, service, region)
            return true
        }
        guard due else { return }
        let store = store
        Task {
            try? await store.write { tx in
                guard var key = tx.get(AccessKey.self, id) else { return }
                key.lastUsedDate = now
                key.lastUsedService = service
                key.lastUsedRegion = region
                tx.put(key)
            }
        }
    }
}

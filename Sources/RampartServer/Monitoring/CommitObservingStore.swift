import Foundation
import RampartCore
import RampartStore

/// A store that tells an observer which accounts' records each committed write changed, whatever
/// made the write: an API call, a console form, a background job. Config's change trigger listens
/// here, so a console action re-evaluates change-triggered rules as an API call does; reads pass
/// straight through and cost nothing extra. `amend` runs inside each write after its closure, for
/// what must commit with any change (Config's mark that an account is due).
final class CommitObservingStore: StoreDecorator {
    let base: any Store
    private let amend: @Sendable (inout StoreTransaction) -> Void
    private let observer: @Sendable ([RecordKind: Set<String>]) -> Void

    init(
        _ base: any Store, amend: @escaping @Sendable (inout StoreTransaction) -> Void = { _ in },
        observer: @escaping @Sendable ([RecordKind: Set<String>]) -> Void
    ) {
        self.base = base
        self.amend = amend
        self.observer = observer
    }

    func write<T: Sendable>(_ body: (inout StoreTransaction) throws -> T) async throws -> T {
        // The closure may run more than once; the last run is the one committed.
        var changed: [RecordKind: Set<String>] = [:]
        let result = try await base.write { tx in
            let result = try body(&tx)
            amend(&tx)
            changed = tx.changedAccounts
            return result
        }
        if !changed.isEmpty { observer(changed) }
        return result
    }
}

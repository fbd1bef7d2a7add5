import Foundation
import RampartCore
import RampartStore
import Synchronization

/// Re-evaluates an account's change-triggered rules shortly after its identities change, off the
/// request (or console action, or job) that changed them: the server calls `committed` after every
/// write that commits. Changes within `delay` of one another share one evaluation; a change
/// during an evaluation gets another, so the last verdict always follows the last change.
public final class ConfigChangeTrigger: Sendable {
    let store: any Store
    let clock: any Clock
    let evaluator: ConfigEvaluator
    let delay: Duration
    private let pending = Mutex<Set<AccountID>>([])

    public init(store: any Store, clock: any Clock, delay: Duration = .milliseconds(500)) {
        self.store = store
        self.clock = clock
        self.evaluator = ConfigEvaluator(store: store)
        self.delay = delay
    }

    /// The kinds of record the managed rules read (`IdentityFacts`): a write of any other kind
    /// (a session, a throttle, a rule's own verdicts) judges nobody differently.
    static let identityKinds: Set<RecordKind> = [
        Account.kind, User.kind, Group.kind, Role.kind, ManagedPolicy.kind, AccessKey.kind, MFADevice.kind,
        WebAuthnCredential.kind,
    ]

    /// Called after every committed write with the accounts whose records of each kind it changed.
    public func committed(_ changed: [RecordKind: Set<String>]) {
        var accounts = Set<String>()
        for kind in Self.identityKinds { accounts.formUnion(changed[kind] ?? []) }
        for account in accounts {
            if let id = AccountID(account) { identitiesChanged(in: id) }
        }
    }

    /// Called after a write that may have changed the account's identities.
    public func identitiesChanged(in account: AccountID) {
        // Most accounts have no rules: one dictionary lookup and done.
        guard store.snapshot().count(ConfigRule.self, account: account.rawValue) > 0 else { return }
        guard pending.withLock({ $0.insert(account).inserted }) else { return }
        // Detached: the request's task-locals (its trail call above all) are not the evaluation's.
        Task.detached { [self] in
            try? await Task.sleep(for: delay)
            pending.withLock { _ = $0.remove(account) }
            _ = try? await evaluator.evaluate(account, at: clock.now) { _, managed in
                managed.trigger == .configurationChange
            }
        }
    }
}

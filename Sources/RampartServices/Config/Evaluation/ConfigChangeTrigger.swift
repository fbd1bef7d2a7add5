import Foundation
import RampartCore
import RampartStore
import Synchronization

/// Re-evaluates an account's change-triggered rules shortly after its identities change, off the
/// request (or console action, or job) that changed them: the server runs `markDue` inside every
/// write and calls `committed` after every write that commits. The mark (`ConfigEvaluationDue`)
/// commits with the change and the evaluation that answers it removes it, so of every instance on
/// the database exactly one evaluates a change, and a change whose instance stopped before
/// evaluating it is found by the others (`ConfigDueSweep`). Changes within `delay` of one another
/// share one evaluation; a change during an evaluation gets another, so the last verdict always
/// follows the last change.
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

    /// The accounts whose identities a write changed, by the kinds of record it put or deleted.
    static func identityAccounts(_ changed: [RecordKind: Set<String>]) -> Set<String> {
        var accounts = Set<String>()
        for kind in identityKinds { accounts.formUnion(changed[kind] ?? []) }
        return accounts
    }

    /// Run inside every write once its closure has: an identity change in an account with rules
    /// leaves the account due, in the same commit. Costs a dictionary lookup per identity kind for
    /// a write in an account without rules, and one record per burst of changes for one with.
    public static func markDue(in transaction: inout StoreTransaction) {
        for account in identityAccounts(transaction.changedAccounts)
        where transaction.count(ConfigRule.self, account: account) > 0
            && transaction.get(ConfigEvaluationDue.self, account) == nil
        {
            if let id = AccountID(account) { transaction.put(ConfigEvaluationDue(account: id)) }
        }
    }

    /// Called after every committed write with the accounts whose records of each kind it changed.
    public func committed(_ changed: [RecordKind: Set<String>]) {
        for account in Self.identityAccounts(changed) {
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
            _ = try? await evaluator.evaluateDue(account, at: clock.now)
        }
    }
}

import Foundation
import RampartCore
import RampartStore

/// Which periodic rules are due: a rule runs once its `MaximumExecutionFrequency` (24 hours when
/// not given, AWS's default) has passed since it last ran.
public enum PeriodicEvaluation {
    static let periods: [String: TimeInterval] = [
        "One_Hour": 3_600, "Three_Hours": 10_800, "Six_Hours": 21_600, "Twelve_Hours": 43_200,
        "TwentyFour_Hours": 86_400,
    ]

    static func isDue(_ rule: ConfigRule, _ managed: ManagedRule, at now: Date) -> Bool {
        guard managed.trigger == .periodic else { return false }
        let period = periods[rule.maximumExecutionFrequency ?? ""] ?? 86_400
        let last = rule.lastSuccessfulInvocationTime ?? rule.firstActivatedTime
        return now.timeIntervalSince(last) >= period
    }

    /// The accounts with a periodic rule due at `now`.
    public static func dueAccounts(in snapshot: StoreSnapshot, at now: Date) -> Set<AccountID> {
        var accounts = Set<AccountID>()
        for rule in snapshot.all(ConfigRule.self) where !accounts.contains(rule.account) {
            if let managed = ManagedRuleCatalog.byIdentifier[rule.sourceIdentifier], isDue(rule, managed, at: now) {
                accounts.insert(rule.account)
            }
        }
        return accounts
    }

    /// Runs the due periodic rules of every account; returns how many rules ran.
    public static func run(_ evaluator: ConfigEvaluator, store: any Store, at now: Date) async throws -> Int {
        var ran = 0
        for account in dueAccounts(in: store.snapshot(), at: now) {
            ran += try await evaluator.evaluate(account, at: now) { rule, managed in isDue(rule, managed, at: now) }
        }
        return ran
    }
}

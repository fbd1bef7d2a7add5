import Foundation
import RampartCore
import RampartStore

/// Gathers what `PostureFigures.compute` reads (the snapshot, the mandate's report, the root sign-ins
/// in the trail) and keeps the day's entry of the trend. The console's dashboard and the server's
/// gauges both ask here.
public struct PostureService: Sendable {
    /// Whose posture: one account, or every account of an organization (its management account's view).
    public enum Scope: Sendable, Equatable {
        case account(AccountID)
        case organization(id: String, management: AccountID)

        /// The key of its trend.
        public var key: String {
            switch self {
            case .account(let id): id.rawValue
            case .organization(let id, _): id
            }
        }

        var owner: AccountID {
            switch self {
            case .account(let id): id
            case .organization(_, let management): management
            }
        }
    }

    /// How far back "recent" root sign-ins go.
    public static let signInWindow: TimeInterval = 30 * 86_400
    /// Trail events read per scope when looking for root sign-ins: the page's cost stays bounded.
    static let signInEventBound = 500

    let environment: ServiceEnvironment

    public init(environment: ServiceEnvironment) {
        self.environment = environment
    }

    /// The organization view when `organization` is asked and `account` manages an organization; the
    /// account's own otherwise. Nil when the organization view is asked by another account.
    public func scope(of account: AccountID, organization: Bool) -> Scope? {
        guard organization else { return .account(account) }
        let snapshot = environment.store.snapshot()
        guard let (org, _) = OrganizationTree.organization(of: account, in: snapshot), org.managementAccount == account
        else { return nil }
        return .organization(id: org.id, management: account)
    }

    /// Whether the account manages an organization (the dashboard offers the organization view then).
    public func managesOrganization(_ account: AccountID) -> Bool {
        scope(of: account, organization: true) != nil
    }

    /// The scope's figures now, and its trend with today's entry recorded.
    public func figures(_ scope: Scope) async throws -> (PostureFigures, PostureHistory) {
        let now = environment.clock.now
        let snapshot = environment.store.snapshot()
        let report = MandateReport.build(snapshot, plans: environment.mandatePlans, date: now)
        let figures = try await figures(scope, snapshot: snapshot, report: report, now: now)
        let history = try await record(figures.day(now), for: scope, now: now)
        return (figures, history)
    }

    /// Every account's figures (for the gauges, which label each figure with its account), from one
    /// snapshot and one mandate report; each account's trend gets today's entry.
    public func figuresOfEveryAccount() async throws -> [(AccountID, PostureFigures)] {
        let now = environment.clock.now
        let snapshot = environment.store.snapshot()
        let report = MandateReport.build(snapshot, plans: environment.mandatePlans, date: now)
        var all: [(AccountID, PostureFigures)] = []
        for account in snapshot.allAccounts().map(\.id) {
            let figures = try await figures(.account(account), snapshot: snapshot, report: report, now: now)
            _ = try await record(figures.day(now), for: .account(account), now: now)
            all.append((account, figures))
        }
        return all
    }

    func figures(_ scope: Scope, snapshot: StoreSnapshot, report: MandateReport, now: Date) async throws
        -> PostureFigures
    {
        let accounts = Self.accounts(of: scope, in: snapshot)
        let signIns = try await rootSignIns(scope, accounts: accounts, now: now)
        return PostureFigures.compute(
            accounts: accounts, in: snapshot, authorizer: environment.authorizer, mandate: report, rootSignIns: signIns,
            now: now)
    }

    static func accounts(of scope: Scope, in snapshot: StoreSnapshot) -> [AccountID] {
        switch scope {
        case .account(let id):
            return [id]
        case .organization(let id, _):
            return snapshot.allAccounts().filter { $0.membership?.organizationId == id }.map(\.id)
        }
    }

    /// Keeps today's entry; writes only when it changed, so views and scrapes within a day cost no write.
    func record(_ today: PostureHistory.Day, for scope: Scope, now: Date) async throws -> PostureHistory {
        let key = scope.key
        let stored = environment.store.snapshot().get(PostureHistory.self, key)
        if let stored, stored.days.last == today { return stored }
        let owner = scope.owner
        // Bookkeeping, not the request's act: the page view's trail event stays the page view's.
        return try await TrailCall.$current.withValue(nil) {
            try await environment.store.write { tx in
                let current = tx.get(PostureHistory.self, key) ?? PostureHistory(scope: key, account: owner, days: [])
                let updated = current.recording(today, now: now)
                if updated != current { tx.put(updated) }
                return updated
            }
        }
    }

    /// The root users' console sign-ins of the last `signInWindow`, newest first.
    func rootSignIns(_ scope: Scope, accounts: [AccountID], now: Date) async throws -> [PostureFigures.RootSignIn] {
        let wanted = Set(accounts.map(\.rawValue))
        let trailScope: TrailQuery.Scope
        switch scope {
        case .account(let id): trailScope = .account(id)
        case .organization(let id, _): trailScope = .organization(id)
        }
        var query = TrailQuery(
            scope: trailScope, attribute: (.eventName, "ConsoleLogin"),
            start: now.addingTimeInterval(-Self.signInWindow),
            end: now, limit: 100, after: nil)
        var found: [PostureFigures.RootSignIn] = []
        var read = 0
        while read < Self.signInEventBound {
            let page = try await environment.store.lookupTrail(query)
            read += page.events.count
            for event in page.events where wanted.contains(event.account.rawValue) {
                guard
                    let entry = SignInHistory.Entry(
                        event, identityType: "Root", principalId: event.account.rawValue)
                else { continue }
                found.append(
                    PostureFigures.RootSignIn(
                        account: event.account, time: entry.time, sourceIp: entry.sourceIp, mfaUsed: entry.mfaUsed,
                        succeeded: entry.succeeded))
            }
            guard let next = page.next else { break }
            query.after = next
        }
        return found
    }
}

import Foundation

/// An account whose identities changed since its change-triggered Config rules last ran. Written in
/// the transaction of the change and removed in the transaction of the evaluation that answers it,
/// so each change is evaluated once across every instance on the database, and is still evaluated
/// when the instance that made it stopped before it could (another finds the mark).
public struct ConfigEvaluationDue: Codable, Sendable, Equatable {
    public var account: AccountID

    public init(account: AccountID) {
        self.account = account
    }
}

import Foundation

/// An account's IAM credential report: the CSV that GenerateCredentialReport wrote and when. An
/// account has at most one, keyed by its id, so two callers generating at once cannot leave two;
/// a new report replaces the old one.
public struct CredentialReport: Codable, Sendable, Equatable {
    public var account: AccountID
    public var generatedTime: Date
    /// The CSV text, as GetCredentialReport returns it (base64 only on the wire).
    public var content: String

    /// AWS generates a report at most every four hours and hands out none older than that
    /// (`ReportExpired`); within four hours GenerateCredentialReport reuses the report it has.
    public static let lifetime: TimeInterval = 4 * 60 * 60

    public init(account: AccountID, generatedTime: Date, content: String) {
        self.account = account
        self.generatedTime = generatedTime
        self.content = content
    }

    public func isExpired(at now: Date) -> Bool {
        now.timeIntervalSince(generatedTime) >= Self.lifetime
    }
}

/// A resource's verdict under one rule (`ComplianceType`). `INSUFFICIENT_DATA` is a rule's or a
/// resource's summary when nothing was evaluated, never a single result's.
public enum ConfigCompliance: String, Codable, Sendable, Equatable, CaseIterable {
    case compliant = "COMPLIANT"
    case nonCompliant = "NON_COMPLIANT"
    case notApplicable = "NOT_APPLICABLE"
}

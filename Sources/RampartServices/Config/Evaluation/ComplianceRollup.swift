import RampartCore

/// How Config sums single verdicts: a rule is non-compliant when any resource it judged is, a
/// resource when any rule judging it says so; compliant when something was compliant and nothing
/// was not; otherwise (nothing judged, or only not applicable) there is insufficient data.
public struct ComplianceRollup: Sendable, Equatable {
    public static let insufficientData = "INSUFFICIENT_DATA"

    /// `COMPLIANT`, `NON_COMPLIANT` or `INSUFFICIENT_DATA`.
    public var type: String
    /// How many contributed to a non-compliant verdict (resources for a rule, rules for a resource).
    public var nonCompliant: Int

    public init(_ verdicts: [ConfigCompliance]) {
        nonCompliant = verdicts.filter { $0 == .nonCompliant }.count
        if nonCompliant > 0 {
            type = ConfigCompliance.nonCompliant.rawValue
        } else if verdicts.contains(.compliant) {
            type = ConfigCompliance.compliant.rawValue
        } else {
            type = Self.insufficientData
        }
    }

    /// The wire form, the count capped as Config caps it (100 resources for a rule, 25 rules for a resource).
    func wire(cap: Int) -> Config.Compliance {
        guard nonCompliant > 0 else { return Config.Compliance(complianceType: type) }
        return Config.Compliance(
            complianceType: type,
            complianceContributorCount: Config.ComplianceContributorCount(
                cappedCount: min(nonCompliant, cap), capExceeded: nonCompliant > cap))
    }
}

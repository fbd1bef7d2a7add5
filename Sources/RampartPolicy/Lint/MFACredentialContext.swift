/// The kinds of request the MFA truth table distinguishes (reference: aws-mfa-inventory §7). MFA sessions are
/// split by age so `aws:MultiFactorAuthAge` limits can be judged: "recent" is zero seconds after MFA, "old" is
/// older than any limit a policy could name.
enum MFACredentialContext: Sendable, Hashable, CaseIterable {
    /// Signed with a long-term access key: neither MFA key is in the request context.
    case longTermKey
    /// Temporary credentials issued without MFA (console sign-in without MFA, AssumeRole or GetSessionToken
    /// without a code): MultiFactorAuthPresent is false, MultiFactorAuthAge is absent.
    case sessionWithoutMFA
    case sessionWithRecentMFA
    case sessionWithOldMFA

    /// The requests that did not prove MFA; an MFA policy exists to treat these differently from the others.
    static let withoutMFA: Set<MFACredentialContext> = [.longTermKey, .sessionWithoutMFA]

    var multiFactorAuthPresent: Bool? {
        switch self {
        case .longTermKey: nil
        case .sessionWithoutMFA: false
        case .sessionWithRecentMFA, .sessionWithOldMFA: true
        }
    }

    var multiFactorAuthAge: Double? {
        switch self {
        case .longTermKey, .sessionWithoutMFA: nil
        case .sessionWithRecentMFA: 0
        case .sessionWithOldMFA: .infinity
        }
    }

    func value(of key: MFAConditionKey) -> MFAConditionValue? {
        switch key {
        case .present: multiFactorAuthPresent.map(MFAConditionValue.boolean)
        case .age: multiFactorAuthAge.map(MFAConditionValue.number)
        }
    }

    /// The column heading of the truth table.
    var label: String {
        switch self {
        case .longTermKey: "long-term access key (MFA keys absent)"
        case .sessionWithoutMFA: "temporary credentials without MFA (MultiFactorAuthPresent false)"
        case .sessionWithRecentMFA: "temporary credentials with recent MFA"
        case .sessionWithOldMFA: "temporary credentials with MFA older than the age limit"
        }
    }
}

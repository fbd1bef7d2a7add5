/// Every rule the MFA linter applies. The raw value is the finding's stable `rule` id.
public enum MFALintRule: String, Sendable, CaseIterable {
    case denyBoolFalse = "mfa-deny-bool-false"
    case denyNullTrue = "mfa-deny-null-true"
    case denyAgeWithoutIfExists = "mfa-deny-age-without-ifexists"
    case denyInverted = "mfa-deny-inverted"
    case denyNeverMatches = "mfa-deny-never-matches"
    case denyAlwaysMatches = "mfa-deny-always-matches"
    case allowBoolIfExistsTrue = "mfa-allow-boolifexists-true"
    case allowNullFalse = "mfa-allow-null-false"
    case allowWithoutMFA = "mfa-allow-without-mfa"
    case allowInverted = "mfa-allow-inverted"
    case allowAgeInverted = "mfa-allow-age-inverted"
    case allowNeverMatches = "mfa-allow-never-matches"
    case nonBooleanValue = "mfa-non-boolean-value"
    case nonNumericValue = "mfa-non-numeric-value"
    case operatorTypeMismatch = "mfa-operator-type-mismatch"
    case setOperator = "mfa-set-operator"
    case misspelledKey = "mfa-key-misspelled"
    case notActionExemptsDeactivation = "mfa-notaction-exempts-deactivation"
    case notActionExemptsVirtualDeletion = "mfa-notaction-exempts-virtual-mfa-deletion"
    case notActionAllowsEnrollment = "mfa-notaction-allows-enrollment"
    case duplicateName = "duplicate-name"

    public var severity: LintFinding.Severity {
        switch self {
        case .denyBoolFalse, .denyAgeWithoutIfExists, .denyInverted, .denyNeverMatches, .allowWithoutMFA,
            .allowInverted, .notActionExemptsDeactivation:
            .error
        case .denyNullTrue, .denyAlwaysMatches, .allowBoolIfExistsTrue, .allowNullFalse, .allowAgeInverted,
            .allowNeverMatches, .nonBooleanValue, .nonNumericValue, .operatorTypeMismatch, .setOperator,
            .misspelledKey, .notActionExemptsVirtualDeletion, .duplicateName:
            .warning
        case .notActionAllowsEnrollment:
            .info
        }
    }

    /// One line per rule, for `rampart lint --help` style listings and documentation.
    public var summary: String {
        switch self {
        case .denyBoolFalse: "Deny + Bool MultiFactorAuthPresent false: long-term access keys are not denied"
        case .denyNullTrue: "Deny + Null MultiFactorAuthPresent true: sessions without MFA are not denied"
        case .denyAgeWithoutIfExists:
            "Deny + NumericGreaterThan MultiFactorAuthAge without IfExists and no other MFA deny: requests without"
                + " MFA are not denied"
        case .denyInverted: "Deny applies to MFA sessions while some requests without MFA pass"
        case .denyNeverMatches: "Deny's MFA conditions can never all hold: nothing is denied"
        case .denyAlwaysMatches: "Deny's MFA condition matches every request: MFA changes nothing"
        case .allowBoolIfExistsTrue:
            "Allow + BoolIfExists MultiFactorAuthPresent true: long-term keys allowed without MFA"
        case .allowNullFalse: "Allow + Null MultiFactorAuthPresent false: sessions without MFA allowed"
        case .allowWithoutMFA: "Allow's MFA condition also matches long-term keys and sessions without MFA"
        case .allowInverted: "Allow grants requests without MFA but not MFA sessions"
        case .allowAgeInverted: "Allow matches only MFA older than the limit (operator direction reversed)"
        case .allowNeverMatches: "Allow's MFA conditions can never all hold: nothing is granted"
        case .nonBooleanValue: "Bool/Null condition on an MFA key with a value other than true/false"
        case .nonNumericValue: "Numeric condition on MultiFactorAuthAge with a non-numeric value"
        case .operatorTypeMismatch: "MFA key tested with an operator of the wrong type (String, Date, Bool on age…)"
        case .setOperator: "ForAnyValue:/ForAllValues: on a single-valued MFA key"
        case .misspelledKey: "Condition key that looks like an MFA key but is not one: no request carries it"
        case .notActionExemptsDeactivation:
            "Deny-without-MFA whose NotAction exempts iam:DeactivateMFADevice: MFA can be removed without MFA"
        case .notActionExemptsVirtualDeletion:
            "Deny-without-MFA whose NotAction exempts iam:DeleteVirtualMFADevice"
        case .notActionAllowsEnrollment:
            "Deny-without-MFA exempts iam:EnableMFADevice (recommended bootstrap; password alone can add a device)"
        case .duplicateName: "A name repeated in a statement or its Condition block: one of the two is ignored"
        }
    }
}

/// The two global condition keys that carry MFA state. Condition key names are case-insensitive in IAM.
enum MFAConditionKey: String, Sendable, CaseIterable {
    /// Boolean; absent for long-term access keys, false for temporary credentials issued without MFA, true after
    /// MFA.
    case present = "aws:MultiFactorAuthPresent"
    /// Seconds since MFA; present only when MFA was used.
    case age = "aws:MultiFactorAuthAge"

    init?(matching key: String) {
        guard let known = Self.allCases.first(where: { $0.rawValue.lowercased() == key.lowercased() }) else {
            return nil
        }
        self = known
    }

    var name: String { rawValue }

    /// A key that was probably meant to be one of the MFA keys (`aws:MFAPresent`, a trailing space, the wrong
    /// namespace). No request ever carries it, so the condition silently behaves as if MFA state were unknown.
    static func looksLikeMisspelling(_ key: String) -> Bool {
        guard Self(matching: key) == nil else { return false }
        let letters = String(key.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic })
        return letters.contains("multifactor") || letters.hasPrefix("awsmfa") || letters.contains("mfapresent")
            || letters.contains("mfaage")
    }
}

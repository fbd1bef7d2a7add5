/// How much the relying party insists on user verification (PIN, biometrics) in a ceremony, as in the WebAuthn
/// options it sends. Only `required` makes a clear UV flag an error; the other two are hints to the authenticator.
public enum UserVerificationRequirement: String, Sendable, CaseIterable {
    case required
    case preferred
    case discouraged
}

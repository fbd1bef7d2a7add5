import Foundation

/// The policy reader's strict JSON, for other untrusted JSON objects (a web identity token's header
/// and claims, an issuer's discovery document and key set): RFC 8259 only, linear in the text,
/// nesting bounded, and no member name twice in one object. A repeated claim read last-wins could
/// make the `sub` a verifier checked differ from the one a trust policy sees.
public enum StrictJSON {
    /// The top-level object of `text` in JSONSerialization's shapes; nil when `text` is not one strict object.
    public static func object(_ text: String) -> [String: Any]? {
        try? PolicyJSON.object(text)
    }
}

import RampartServices

/// The bar above every signed-in page: where to go, and whom the console is acting as. After "Switch
/// role" it names the role and its account ("RoleName @ 123456789012", highlighted) and offers to switch
/// back to the identity that signed in. "Event history" is there only for principals that may look
/// up events.
enum ConsoleHeader {
    /// `verify`: the session carries no MFA and its principal has a device, so the bar offers
    /// "Verify with MFA" (`/console/verify`).
    static func render(_ identity: ConsoleIdentity?, csrf: String, events: Bool = false, verify: Bool = false)
        -> String
    {
        guard let identity else { return "" }
        let switchBack =
            identity.switchedRole == nil
            ? ""
            : """
            <form method="post" action="/console/switch-back" id="switch-back">
            \(Layout.csrfField(csrf))
            <button type="submit" id="switch-back-button">Switch back to \(HTML.escape(identity.signedInDisplayName))</button>
            </form>
            """
        let switched = identity.switchedRole == nil ? "" : " switched"
        return """
            <header class="console-header" id="console-header">
            <nav><a href="/console" id="nav-home">Home</a><a href="/console/organization" id="nav-organization">Organization</a><a href="/console/mandate" id="nav-mandate">MFA mandate</a><a href="/console/posture" id="nav-posture">MFA posture</a>\(events ? "<a href=\"/console/events\" id=\"nav-events\">Event history</a>" : "")<a href="/console/security" id="nav-security">Security credentials</a><a href="/console/switch-role" id="nav-switch-role">Switch role</a></nav>
            <div class="who">\(verify ? "<a href=\"/console/verify\" id=\"verify-mfa\" class=\"verify\">Verify with MFA</a>" : "")<span class="identity\(switched)" id="acting-as">\(HTML.escape(identity.displayName))</span>\(switchBack)</div>
            </header>
            """
    }
}

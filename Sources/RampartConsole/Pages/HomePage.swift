import Foundation
import RampartCore
import RampartServices

/// The signed-in landing page: whom the console acts as (the role session after "Switch role", with the
/// identity that switched), whether the session proved a second factor, where to go (the event history
/// only for principals that may look up events), and sign-out.
enum HomePage {
    static func render(
        principal: Principal, identity: ConsoleIdentity, csrf: String, events: Bool = false, verify: Bool = false,
        header: String
    ) -> String {
        let mfa = principal.multiFactorAuthPresent == true ? "yes" : "no"
        let verifyLink = verify ? " <a href=\"/console/verify\" id=\"verify-link\">Verify with MFA</a>" : ""
        let expires = principal.session.map { Timestamp.iso8601($0.expiresAt) } ?? ""
        let switchedFrom =
            identity.switchedRole == nil
            ? ""
            : "<dt>Switched from</dt><dd id=\"switched-from\">\(HTML.escape(identity.signedIn.arn))</dd>"
        var links =
            principal.kind == .root ? " · <a href=\"/console/settings\" id=\"settings-link\">MFA settings</a>" : ""
        if events { links += " · <a href=\"/console/events\" id=\"events-link\">Event history</a>" }
        return Layout.page(
            title: "Rampart console",
            body: """
                <dl id="identity">
                <dt>\(identity.switchedRole == nil ? "Signed in as" : "Acting as")</dt><dd id="arn">\(HTML.escape(principal.arn))</dd>
                <dt>Account</dt><dd id="account-id">\(HTML.escape(principal.account.rawValue))</dd>
                \(switchedFrom)
                <dt>MFA used</dt><dd><span id="mfa-used">\(mfa)</span>\(verifyLink)</dd>
                <dt>Session ends</dt><dd id="expires">\(HTML.escape(expires))</dd>
                </dl>
                <p><a href="/console/security" id="security-link">Security credentials</a> · <a href="/console/organization" id="organization-link">Organization</a> · <a href="/console/mandate" id="mandate-link">MFA mandate</a> · <a href="/console/switch-role" id="switch-role-link">Switch role</a>\(links)</p>
                <form method="post" action="/console/signout" id="sign-out">
                \(Layout.csrfField(csrf))
                <button type="submit" id="sign-out-button">Sign out</button>
                </form>
                """,
            header: header)
    }
}

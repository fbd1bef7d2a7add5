import Foundation
import RampartCore

/// The signed-in landing page: who you are, whether this session proved a second factor, and sign-out.
enum HomePage {
    static func render(principal: Principal, csrf: String, now: Date) -> String {
        let mfa = principal.multiFactorAuthPresent == true ? "yes" : "no"
        let expires = principal.session.map { Timestamp.iso8601($0.expiresAt) } ?? ""
        return Layout.page(
            title: "Rampart console",
            body: """
                <dl id="identity">
                <dt>Signed in as</dt><dd id="arn">\(HTML.escape(principal.arn))</dd>
                <dt>Account</dt><dd id="account-id">\(HTML.escape(principal.account.rawValue))</dd>
                <dt>MFA used</dt><dd id="mfa-used">\(mfa)</dd>
                <dt>Session ends</dt><dd id="expires">\(HTML.escape(expires))</dd>
                </dl>
                <p><a href="/console/security" id="security-link">Security credentials</a>\(principal.kind == .root ? " · <a href=\"/console/settings\" id=\"settings-link\">MFA settings</a>" : "")</p>
                <form method="post" action="/console/signout" id="sign-out">
                \(Layout.csrfField(csrf))
                <button type="submit" id="sign-out-button">Sign out</button>
                </form>
                """)
    }
}

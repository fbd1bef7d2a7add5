import Foundation
import RampartCore
import RampartServices

/// The account: its alias, its password policy (with a form that changes it), its MFA settings in words
/// (the root user changes them on /console/settings), and the signed-in person's own console sessions
/// with "Sign out" and "Sign out everywhere else".
enum AccountPage {
    struct View {
        var account: String
        var aliases: [String]?
        /// Nil when it could not be read; `.some(nil)` when the account has none.
        var passwordPolicy: IAM.PasswordPolicy??
        var mfaSettings: MFASettings?
        var isRoot: Bool
        /// The root user's sign-in email, on the root user's own page only.
        var rootEmail: String?
        var sessions: [SignInService.OpenSession]
        /// Why a section could not be read, by section ("alias", "password-policy", "mfa").
        var problems: [String: String]
    }

    /// A section's "could not be read", with the reason.
    static func unreadable(_ view: View, _ section: String, _ what: String) -> String {
        "<p class=\"error\" id=\"\(section)-unreadable\">\(HTML.escape(what)) could not be read. \(HTML.escape(view.problems[section] ?? ""))</p>"
    }

    static func render(_ view: View, csrf: String, header: String, messages: PageMessages) -> String {
        Layout.page(
            title: "Account",
            body: """
                \(messages.html)
                <dl class="pairs"><dt>Account ID</dt><dd id="account-id">\(HTML.escape(view.account))</dd></dl>
                \(rootCredentials(view, csrf: csrf))
                \(alias(view, csrf: csrf))
                \(passwordPolicy(view, csrf: csrf))
                \(mfa(view))
                \(sessions(view, csrf: csrf))
                """,
            header: header, width: .wide)
    }

    /// The root user's email and password, each changed with the current password (`RootCredentials`).
    static func rootCredentials(_ view: View, csrf: String) -> String {
        guard view.isRoot, let email = view.rootEmail else { return "" }
        return """
            <h2>Root user sign-in</h2>
            <p>The root user signs in with <strong id="root-email">\(HTML.escape(email))</strong>.</p>
            <div class="forms">
            <form method="post" action="/console/account/root-email" id="root-email-form">
            \(Layout.csrfField(csrf))
            <label>New email address <input type="email" name="email" id="new-root-email" required maxlength="64" autocomplete="email"></label>
            <label>Current password <input type="password" name="password" id="root-email-password" required autocomplete="current-password"></label>
            <button type="submit" id="change-root-email">Change email</button>
            </form>
            <form method="post" action="/console/account/root-password" id="root-password-form">
            \(Layout.csrfField(csrf))
            <label>Current password <input type="password" name="old" id="root-old-password" required autocomplete="current-password"></label>
            <label>New password <input type="password" name="new" id="root-new-password" required autocomplete="new-password" aria-describedby="root-password-rules"></label>
            \(PasswordRules.list(RootCredentials.passwordRules, id: "root-password-rules"))
            <label>Confirm new password <input type="password" name="confirm" id="root-confirm-password" required autocomplete="new-password"></label>
            <button type="submit" id="change-root-password">Change password</button>
            </form>
            </div>
            """
    }

    static func alias(_ view: View, csrf: String) -> String {
        let current = view.aliases?.first
        guard view.aliases != nil else { return "<h2>Account alias</h2>" + unreadable(view, "alias", "The alias") }
        let shown = current ?? "none (sign-in uses the account ID)"
        let delete =
            current.map {
                """
                <form method="post" action="/console/account/alias" class="inline">\(Layout.csrfField(csrf))<input type="hidden" name="alias" value=""><input type="hidden" name="old" value="\(HTML.escape($0))"><button type="submit" class="secondary" id="delete-alias">Remove alias</button></form>
                """
            } ?? ""
        return """
            <h2>Account alias</h2>
            <p>The alias replaces the account ID in the sign-in address. Current: <strong id="account-alias">\(HTML.escape(shown))</strong></p>
            <form method="post" action="/console/account/alias" class="inline" id="alias-form">
            \(Layout.csrfField(csrf))
            <label>New alias <input name="alias" id="new-alias" maxlength="63" autocomplete="off"></label>
            <button type="submit" id="set-alias">Set alias</button>
            </form>
            \(delete)
            """
    }

    static func passwordPolicy(_ view: View, csrf: String) -> String {
        guard let stored = view.passwordPolicy else {
            return "<h2>Password policy</h2>" + unreadable(view, "password-policy", "The password policy")
        }
        let policy = stored ?? IAM.PasswordPolicy()
        func check(_ name: String, _ label: String, _ on: Bool?) -> String {
            "<label class=\"check\"><input type=\"checkbox\" name=\"\(name)\" id=\"pp-\(name)\" value=\"1\"\(on == true ? " checked" : "")> \(label)</label>"
        }
        let summary =
            stored == nil
            ? "The account has no password policy: passwords need at least 8 characters and three of: uppercase letters, lowercase letters, numbers, symbols."
            : "Passwords need at least \(policy.minimumPasswordLength ?? 8) characters"
                + (policy.maxPasswordAge.map { ", expire after \($0) days" } ?? "")
                + (policy.passwordReusePrevention.map { ", and may not repeat the last \($0)" } ?? "") + "."
        return """
            <h2>Password policy</h2>
            <p id="password-policy-summary">\(HTML.escape(summary))</p>
            <form method="post" action="/console/account/password-policy" id="password-policy">
            \(Layout.csrfField(csrf))
            <label>Minimum length (6–128) <input name="length" id="pp-length" inputmode="numeric" value="\(policy.minimumPasswordLength ?? 8)"></label>
            <fieldset><legend>Require</legend>
            \(check("upper", "An uppercase letter (A–Z)", policy.requireUppercaseCharacters))
            \(check("lower", "A lowercase letter (a–z)", policy.requireLowercaseCharacters))
            \(check("numbers", "A number (0–9)", policy.requireNumbers))
            \(check("symbols", "A symbol (! @ # $ % ^ & * …)", policy.requireSymbols))
            </fieldset>
            \(check("change", "Users may change their own password", policy.allowUsersToChangePassword))
            <label>Expire passwords after (days, empty for never) <input name="age" id="pp-age" inputmode="numeric" value="\(policy.maxPasswordAge.map(String.init) ?? "")"></label>
            <label>Remember earlier passwords (empty for none) <input name="reuse" id="pp-reuse" inputmode="numeric" value="\(policy.passwordReusePrevention.map(String.init) ?? "")"></label>
            <button type="submit" id="save-password-policy">Save password policy</button>
            </form>
            """
    }

    static func mfa(_ view: View) -> String {
        guard let settings = view.mfaSettings else {
            return "<h2>MFA settings</h2>" + unreadable(view, "mfa", "The MFA settings")
        }
        let prompt =
            switch settings.prompt {
            case .everySignIn: "Everyone with an MFA device is asked for it at every console sign-in."
            case .contextChange:
                "A person with an MFA device is asked for it when they sign in from a new browser or network."
            case .never: "Only the root user is asked for MFA at sign-in."
            }
        let without =
            switch settings.withoutDevice {
            case .requireRegistration:
                "Someone who must have MFA and has none is asked to set up a device at sign-in, and may skip it for \(settings.gracePeriodDays) days."
            case .block: "Someone who must have MFA and has none cannot sign in until an administrator helps."
            case .allow: "Someone who must have MFA and has none still signs in."
            }
        var who = ["the root user"]
        if settings.requireForConsoleUsers { who.append("every IAM user with a console password") }
        if settings.requireForPrivileged { who.append("users whose policies let them administer IAM") }
        let types = [
            settings.allows(.authenticatorApp) ? "authenticator apps" : nil,
            settings.allows(.securityKey) ? "passkeys and security keys" : nil,
        ].compactMap { $0 }
        let change =
            view.isRoot
            ? "<p><a href=\"/console/settings\" id=\"change-mfa-settings\">Change MFA settings</a></p>"
            : "<p class=\"facts\">Only the root user changes these settings.</p>"
        return """
            <h2>MFA settings</h2>
            <ul id="mfa-settings">
            <li>Who must have MFA: \(HTML.escape(who.joined(separator: ", "))).</li>
            <li>\(HTML.escape(prompt))</li>
            <li>\(HTML.escape(without))</li>
            <li>Allowed devices: \(HTML.escape(types.joined(separator: " and "))).</li>
            <li>\(settings.passkeySignIn ? "A passkey alone signs a person in (no password)." : "A passkey is a second factor after the password; it does not replace it.")</li>
            </ul>
            \(change)
            """
    }

    static func sessions(_ view: View, csrf: String) -> String {
        let rows: [[AdminTable.Cell]] = view.sessions.map { session in
            [
                .html(AdminTime.day(session.createdAt) + (session.isCurrent ? " <strong>(this browser)</strong>" : "")),
                .text(session.sourceIp), .text(session.mfa ? "Yes" : "No"), .html(AdminTime.day(session.expiresAt)),
                .html(
                    session.isCurrent
                        ? ""
                        : """
                        <form method="post" action="/console/account/sign-out" class="row-action">\(Layout.csrfField(csrf))<input type="hidden" name="session" value="\(HTML.escape(session.id))"><button type="submit" class="secondary">Sign out</button></form>
                        """),
            ]
        }
        return """
            <h2>Your console sessions</h2>
            \(AdminTable.render(id: "sessions", label: "Your console sessions", headers: ["Signed in", "From", "MFA", "Ends", ""], rows: rows, empty: "No open sessions."))
            <form method="post" action="/console/account/sign-out" id="sign-out-everywhere">
            \(Layout.csrfField(csrf))<input type="hidden" name="session" value="*">
            <button type="submit" id="sign-out-everywhere-button">Sign out everywhere else</button>
            </form>
            """
    }
}

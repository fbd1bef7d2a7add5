import RampartCore

/// The account's MFA settings as a form (the root user's page; the admin API and `rampart admin
/// mfa-settings` change the same values).
enum SettingsPage {
    static func render(
        _ settings: MFASettings, csrf: String, header: String = "", error: String? = nil, notice: String? = nil
    ) -> String {
        func options<E: RawRepresentable & CaseIterable>(_ selected: E, _ labels: [String]) -> String
        where E.RawValue == String {
            zip(E.allCases, labels).map { value, label in
                let mark = value.rawValue == selected.rawValue ? " selected" : ""
                return "<option value=\"\(value.rawValue)\"\(mark)>\(HTML.escape(label))</option>"
            }.joined()
        }
        func checked(_ on: Bool) -> String { on ? " checked" : "" }
        return Layout.page(
            title: "MFA settings",
            body: """
                \(Layout.message(error))\(Layout.message(notice, kind: "notice"))
                <form method="post" action="/console/settings" id="settings">
                \(Layout.csrfField(csrf))
                <label>Ask for MFA <select name="prompt" id="prompt">\(options(settings.prompt, ["Every sign-in", "Only when the sign-in context changes", "Never (root is always asked)"]))</select></label>
                <label>When someone who must have MFA has no device <select name="withoutDevice" id="without-device">\(options(settings.withoutDevice, ["Require them to set one up at sign-in", "Block sign-in", "Allow sign-in"]))</select></label>
                <label><input type="checkbox" name="app" id="allow-app" value="1"\(checked(settings.allows(.authenticatorApp)))> Authenticator apps</label>
                <label><input type="checkbox" name="key" id="allow-key" value="1"\(checked(settings.allows(.securityKey)))> Passkeys and security keys</label>
                <label><input type="checkbox" name="consoleUsers" id="require-users" value="1"\(checked(settings.requireForConsoleUsers))> Require MFA for IAM users' console access</label>
                <label><input type="checkbox" name="privileged" id="require-privileged" value="1"\(checked(settings.requireForPrivileged))> Require MFA for privileged principals</label>
                <label><input type="checkbox" name="passkeySignIn" id="allow-passkey-sign-in" value="1"\(checked(settings.passkeySignIn))> Allow sign-in with a passkey alone</label>
                <label>Grace period (days) <input name="grace" id="grace" inputmode="numeric" value="\(settings.gracePeriodDays)"></label>
                <button type="submit" id="save">Save</button>
                </form>
                <p><a href="/console">Console home</a></p>
                """,
            header: header)
    }
}

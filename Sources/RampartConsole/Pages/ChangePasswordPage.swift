import RampartCore

/// A password change the sign-in requires before anything else.
enum ChangePasswordPage {
    static func render(csrf: String, error: String?, policy: PasswordPolicy? = nil) -> String {
        Layout.page(
            title: "Change your password",
            body: """
                <p>Your password must be changed before you continue.</p>
                \(Layout.message(error))
                <form method="post" action="/console/password" id="change-password">
                \(Layout.csrfField(csrf))
                <label>Current password <input type="password" name="old" id="old-password" required autocomplete="current-password" autofocus></label>
                <label>New password <input type="password" name="new" id="new-password" required autocomplete="new-password" aria-describedby="password-rules"></label>
                \(PasswordRules.render(policy))
                <label>Confirm new password <input type="password" name="confirm" id="confirm-password" required autocomplete="new-password"></label>
                <button type="submit" id="change">Change password</button>
                </form>
                """)
    }
}

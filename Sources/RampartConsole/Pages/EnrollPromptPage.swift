/// "Set up MFA": shown after the password to a principal that must have MFA and has no device. While the
/// grace period lasts it may skip; afterwards the only way on is to set one up.
enum EnrollPromptPage {
    static func render(csrf: String, daysLeft: Int?, error: String? = nil) -> String {
        let skip =
            daysLeft.map { days in
                """
                <form method="post" action="/console/enroll" id="skip-form">
                \(Layout.csrfField(csrf))
                <input type="hidden" name="action" value="skip">
                <button type="submit" id="skip">Skip for now — \(days) \(days == 1 ? "day" : "days") left</button>
                </form>
                """
            } ?? "<p id=\"grace-over\">The time to set up MFA has run out.</p>"
        return Layout.page(
            title: "Set up MFA",
            body: """
                \(Layout.message(error))
                <p>Your account requires multi-factor authentication. Set up an authenticator app, a passkey or a
                security key.</p>
                <form method="post" action="/console/enroll" id="setup-form">
                \(Layout.csrfField(csrf))
                <input type="hidden" name="action" value="setup">
                <button type="submit" id="setup">Set up MFA now</button>
                </form>
                \(skip)
                """)
    }
}

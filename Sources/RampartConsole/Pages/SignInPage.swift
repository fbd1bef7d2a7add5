/// The sign-in page: an IAM user gives the account (id or alias), the user name and the password; the
/// root user gives the account's email and the password. The first field still to fill has the focus
/// (after a refused attempt, the password of the form that was sent).
enum SignInPage {
    static func render(
        csrf: String, error: String?, account: String = "", userName: String = "", rootEmail: String = "",
        passkeys: Bool = false
    ) -> String {
        let passkey =
            passkeys
            ? """
            <p id="webauthn-message" class="error" role="alert" hidden></p>
            <p><button type="button" id="passkey-sign-in">Sign in with a passkey</button></p>
            """ : ""
        return Layout.page(
            title: "Sign in",
            body: """
                \(Layout.message(error))
                \(passkey)
                <form method="post" action="/console/signin" id="iam-user">
                <h2>IAM user</h2>
                \(Layout.csrfField(csrf))
                <input type="hidden" name="kind" value="iam">
                <label>Account ID or alias <input name="account" id="account" value="\(HTML.escape(account))" required autocomplete="organization"\(account.isEmpty && rootEmail.isEmpty ? " autofocus" : "")></label>
                <label>User name <input name="username" id="username" value="\(HTML.escape(userName))" required autocomplete="username webauthn"\(!account.isEmpty && userName.isEmpty ? " autofocus" : "")></label>
                <label>Password <input type="password" name="password" id="password" required autocomplete="current-password"\(!account.isEmpty && !userName.isEmpty ? " autofocus" : "")></label>
                <button type="submit" id="sign-in">Sign in</button>
                </form>
                <form method="post" action="/console/signin" id="root-user">
                <h2>Root user</h2>
                \(Layout.csrfField(csrf))
                <input type="hidden" name="kind" value="root">
                <label>Email address <input type="email" name="email" id="root-email" value="\(HTML.escape(rootEmail))" required autocomplete="email"></label>
                <label>Password <input type="password" name="password" id="root-password" required autocomplete="current-password"\(rootEmail.isEmpty ? "" : " autofocus")></label>
                <button type="submit" id="root-sign-in">Sign in as root user</button>
                </form>
                """)
    }
}

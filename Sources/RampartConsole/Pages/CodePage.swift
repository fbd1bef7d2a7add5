/// The second step: a six-digit code from an authenticator app or a hardware token.
enum CodePage {
    static func render(csrf: String, error: String?, securityKeys: Bool = false, recoveryCodes: Bool = false) -> String
    {
        let recovery =
            recoveryCodes
            ? """
            <form method="post" action="/console/mfa/recovery" id="recovery">
            \(Layout.csrfField(csrf))
            <label>Or a recovery code <input name="recovery" id="recovery-code" autocomplete="off"></label>
            <button type="submit" id="use-recovery-code">Use recovery code</button>
            </form>
            """ : ""
        let keyButton =
            securityKeys
            ? """
            <p id="webauthn-message" class="error" role="alert" hidden></p>
            <p><button type="button" id="use-security-key">Use a passkey or security key</button></p>
            """ : ""
        return Layout.page(
            title: "Multi-factor authentication",
            body: """
                \(Layout.message(error))
                <form method="post" action="/console/mfa" id="mfa">
                \(Layout.csrfField(csrf))
                \(codeField)
                </form>
                \(keyButton)
                \(recovery)
                <p><a href="/console/signin">Cancel</a></p>
                """)
    }

    /// The code box and its button, shared with "Verify with MFA".
    static let codeField = """
        <label>Code from your authenticator app or token
        <input name="code" id="code" inputmode="numeric" pattern="[0-9 ]{6,8}" autocomplete="one-time-code" required autofocus></label>
        <button type="submit" id="verify">Verify</button>
        """
}

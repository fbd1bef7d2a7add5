/// "Verify with MFA": a session that was opened without a second factor (context-aware prompting, a
/// skipped enrollment, a device added since) proves one now, and carries MFA from then on, so that
/// policies that demand MFA (AWS's force-MFA policy) allow what they allow with it.
enum VerifyPage {
    static func render(csrf: String, header: String, codes: Bool, keys: Bool, error: String?) -> String {
        let codeForm =
            codes
            ? """
            <form method="post" action="/console/verify" id="verify-form">
            \(Layout.csrfField(csrf))
            \(CodePage.codeField)
            </form>
            """ : ""
        let keyButton =
            keys
            ? """
            <p id="webauthn-message" class="error" role="alert" hidden></p>
            \(codes ? "" : Layout.csrfField(csrf))
            <p><button type="button" id="verify-security-key">Use a passkey or security key</button></p>
            """ : ""
        return Layout.page(
            title: "Verify with MFA",
            body: """
                \(Layout.message(error))
                <p>This session was opened without MFA. Prove one of your devices to add MFA to it: policies that
                require MFA then allow what they allow with it.</p>
                \(codeForm)
                \(keyButton)
                <p><a href="/console">Cancel</a></p>
                """,
            header: header)
    }
}

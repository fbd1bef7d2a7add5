/// "Verify with MFA": a session that was opened without a second factor (context-aware prompting, a
/// skipped enrollment, a device added since) proves one now, and carries MFA from then on, so that
/// policies that demand MFA (AWS's force-MFA policy) allow what they allow with it. With a `next` it is
/// the one confirmation ("Confirm it is you") before changes to devices and recovery codes (and root's
/// email and password); with a `pending` change it completes that change, else it returns to the page
/// that asked for it.
enum VerifyPage {
    static func render(
        csrf: String, header: String, codes: Bool, keys: Bool, error: String?, next: ConfirmTarget? = nil,
        pending: PendingActions.Action? = nil
    ) -> String {
        let pendingField =
            pending.map { "<input type=\"hidden\" name=\"pending\" value=\"\(HTML.escape($0.id))\">" } ?? ""
        let nextField =
            (next.map { "<input type=\"hidden\" name=\"next\" value=\"\($0.rawValue)\">" } ?? "") + pendingField
        // After a passkey's step-up the script posts this form, which runs the held change.
        let resumeForm =
            keys && pending != nil
            ? """
            <form method="post" action="/console/verify/resume" id="resume-form" hidden>
            \(Layout.csrfField(csrf))
            \(nextField)
            </form>
            """ : ""
        let codeForm =
            codes
            ? """
            <form method="post" action="/console/verify" id="verify-form">
            \(Layout.csrfField(csrf))
            \(nextField)
            \(CodePage.codeField)
            </form>
            """ : ""
        let keyButton =
            keys
            ? """
            <p id="webauthn-message" class="error" role="alert" hidden></p>
            \(codes ? "" : Layout.csrfField(csrf))
            \(resumeForm)
            <p><button type="button" id="verify-security-key"\(next.map { " data-next=\"\($0.rawValue)\"" } ?? "")>Use a passkey or security key</button></p>
            """ : ""
        let why =
            next == nil
            ? """
            <p>This session was opened without MFA. Prove one of your devices to add MFA to it: policies that
            require MFA then allow what they allow with it.</p>
            """
            : """
            <p id="confirm-why">This change needs a recent proof that it is you. Use one of your devices; then you can
            make changes for \(ConfirmTarget.lifetime) without being asked again.</p>
            """
                + (pending.map { "<p id=\"confirm-resumes\">Once you confirm, the console will \($0.summary).</p>" }
                    ?? "")
        return Layout.page(
            title: next == nil ? "Verify with MFA" : "Confirm it is you",
            body: """
                \(Layout.message(error))
                \(why)
                \(codeForm)
                \(keyButton)
                <p><a href="\(next == nil ? "/console" : "/console/security")" id="verify-cancel">Cancel</a></p>
                """,
            header: header)
    }
}

import RampartCore
import RampartServices

/// "Switch role": an account id and a role name (the organization's tree fills both in), switched into
/// from the identity that signed in. While switched the page says so; when the role session has ended it
/// says that, and the header's button switches back.
enum SwitchRolePage {
    static func render(
        _ identity: ConsoleIdentity, account: String, role: String, header: String, csrf: String,
        error: String? = nil
    ) -> String {
        var status = ""
        if let switched = identity.switchedRole {
            status =
                identity.switchEnded
                ? "<p class=\"error\" id=\"switch-ended\">Your session as \(HTML.escape(switched.displayName)) has ended: it expired, or the role was deleted. Switch back to continue as \(HTML.escape(identity.signedInDisplayName)).</p>"
                : "<p class=\"notice\" id=\"switched\">You are acting as \(HTML.escape(switched.displayName)) until \(HTML.escape(Timestamp.iso8601(switched.expiresAt))).</p>"
        }
        guard identity.signedIn.kind != .root else {
            return Layout.page(
                title: "Switch role",
                body: status
                    + Layout.message(
                        "The root user cannot switch roles. Sign in as an IAM user whose policies allow sts:AssumeRole."
                    ),
                header: header)
        }
        return Layout.page(
            title: "Switch role",
            body: """
                \(status)\(Layout.message(error))
                <p>Act as a role of another account (or of this one) with its permissions instead of yours, for up to an hour. The role's trust policy and your own policies decide, as for sts:AssumeRole; you switch from \(HTML.escape(identity.signedInDisplayName)).</p>
                <form method="post" action="/console/switch-role" id="switch-role">
                \(Layout.csrfField(csrf))
                <label>Account ID <input name="account" id="switch-account" value="\(HTML.escape(account))" required inputmode="numeric" maxlength="14"></label>
                <label>Role name <input name="role" id="switch-role-name" value="\(HTML.escape(role))" required maxlength="512"></label>
                <button type="submit" id="switch-role-button">Switch role</button>
                </form>
                """,
            header: header)
    }
}

import Foundation
import RampartCore
import RampartServices

/// "Security credentials", as on AWS: the principal's MFA devices as a table (type, name, created, last
/// used, with rename and remove), "Assign MFA device" leading to a choice of type (`AssignDevicePage`),
/// recovery codes, the password (for IAM users, with the account's password rules) and the person's
/// recent sign-ins (`RecentSignInsSection`). Changes that weaken or replace a second factor need a recent
/// proof of a device: when there is none, the page offers one confirmation for all of them ("Confirm it
/// is you") instead of a code box under every button.
enum SecurityPage {
    struct Device {
        var serialNumber: String
        var enableDate: Date
        var nickname: String?
        var lastUsed: Date?
    }

    /// When fewer codes than this are left, the page warns and suggests making new ones.
    static let fewRecoveryCodes = 3

    static func render(
        principal: Principal, devices: [Device]?, hasDevices: Bool, csrf: String, header: String = "",
        needsStepUp: Bool, recovery: RecoveryCodes.Status? = nil, passwordPolicy: PasswordPolicy? = nil,
        signIns: String = "", error: String? = nil, notice: String? = nil
    ) -> String {
        let confirm =
            needsStepUp
            ? """
            <div class="confirm" id="confirm-needed">
            <p>Changing your MFA devices or recovery codes needs a recent proof of one of your devices. Confirm
            once, then make your changes within \(ConfirmTarget.lifetime).</p>
            <p><a class="button" href="\(ConfirmTarget.security.confirmation)" id="confirm-identity">Confirm it is you</a></p>
            </div>
            """ : ""
        let password =
            principal.kind == .user
            ? """
            <h2>Console password</h2>
            <form method="post" action="/console/security/password" id="change-password">
            \(Layout.csrfField(csrf))
            <label>Current password <input type="password" name="old" id="old-password" required autocomplete="current-password"></label>
            <label>New password <input type="password" name="new" id="new-password" required autocomplete="new-password" aria-describedby="password-rules"></label>
            \(PasswordRules.render(passwordPolicy))
            <label>Confirm new password <input type="password" name="confirm" id="confirm-password" required autocomplete="new-password"></label>
            <button type="submit" id="change">Change password</button>
            </form>
            """ : ""
        return Layout.page(
            title: "Security credentials",
            body: """
                \(Layout.message(error))\(Layout.message(notice, kind: "notice"))
                <p>Signed in as <span id="arn">\(HTML.escape(principal.arn))</span>. <a href="/console/keys" id="keys-link">Access keys</a></p>
                \(confirm)
                <h2>Multi-factor authentication (MFA)\(devices.map { " (\($0.count) of \(Limits.mfaDevicesInUse))" } ?? "")</h2>
                \(deviceTable(devices, csrf: csrf))
                <p><a class="button" href="/console/security/assign" id="assign-mfa">Assign MFA device</a></p>
                <h2>Recovery codes</h2>
                \(recoverySection(recovery, csrf: csrf, hasDevices: hasDevices))
                \(password)
                \(signIns)
                """,
            header: header, width: .wide)
    }

    static func deviceTable(_ devices: [Device]?, csrf: String) -> String {
        // Nil devices: they could not be listed (the error says why), which is not having none.
        guard let devices else { return "<p id=\"devices-unknown\">Your MFA devices could not be listed.</p>" }
        guard !devices.isEmpty else {
            return "<p id=\"no-devices\">You have no MFA devices. Assign one to protect your sign-in.</p>"
        }
        let rows = devices.enumerated().map { index, device in
            let kind = MFAKind(serialNumber: device.serialNumber)
            let serial = HTML.escape(device.serialNumber)
            let shown = DeviceName(serialNumber: device.serialNumber, nickname: device.nickname)
            let name = HTML.escape(device.nickname ?? "")
            return """
                <tr class="device"><td class="type">\(kind.label)\(kind == .passkey ? "<br><span class=\"facts\">phishing-resistant</span>" : "")</td>
                <td>\(shown.html(id: "nickname-\(index)"))</td>
                <td class="created">\(LocalTime.html(device.enableDate))</td>
                <td class="last-used" id="last-used-\(index)">\(device.lastUsed.map(LocalTime.html) ?? "Never")</td>
                <td class="actions">
                <form method="post" action="/console/security/rename" id="rename-\(index)" class="inline">
                \(Layout.csrfField(csrf))
                <input type="hidden" name="serial" value="\(serial)">
                <label for="rename-input-\(index)">New name</label>
                <input name="nickname" id="rename-input-\(index)" value="\(name)" maxlength="64" placeholder="\(HTML.escape(shown.text))" aria-label="New name for \(HTML.escape(shown.text))">
                <button type="submit" class="secondary" id="rename-button-\(index)">Rename</button>
                </form>
                <form method="post" action="/console/security/remove" id="remove-\(index)" class="row-action">
                \(Layout.csrfField(csrf))
                <input type="hidden" name="serial" value="\(serial)">
                <button type="submit" class="secondary danger" id="remove-button-\(index)" aria-label="Remove \(HTML.escape(shown.text))">Remove</button>
                </form>
                </td></tr>
                """
        }.joined(separator: "\n")
        return """
            <div class="table-scroll"><table id="devices" aria-label="Your MFA devices">
            <thead><tr><th scope="col">Type</th><th scope="col">Name and identifier</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col">Actions</th></tr></thead>
            <tbody>\(rows)</tbody>
            </table></div>
            """
    }

    static func recoverySection(_ status: RecoveryCodes.Status?, csrf: String, hasDevices: Bool) -> String {
        var text: String
        if let status {
            text = "<p id=\"recovery-remaining\">\(status.remaining) of \(RecoveryCodes.count) codes left "
            text += "(made \(LocalTime.html(status.createDate))).</p>"
            if status.remaining <= fewRecoveryCodes {
                text += """
                    <p class="warning" role="status" id="recovery-low">\(status.remaining == 0 ? "No recovery codes are left" : "Only \(status.remaining) recovery code\(status.remaining == 1 ? " is" : "s are") left"). \
                    Generate new ones so that you can still sign in if you lose your devices.</p>
                    """
            }
            if !status.uses.isEmpty {
                let uses = status.uses.map {
                    "<li>\(LocalTime.html($0.time)) from \(HTML.escape($0.sourceIp))</li>"
                }
                text += "<p>Used:</p><ul id=\"recovery-uses\">\(uses.joined())</ul>"
            }
        } else {
            text = "<p id=\"recovery-remaining\">You have no recovery codes.</p>"
        }
        // Codes stand in for a lost device: there are none to make before the first device.
        guard hasDevices else {
            return text + "<p id=\"recovery-needs-device\">Add an MFA device first, then make recovery codes.</p>"
        }
        return text + """
            <p>Each recovery code signs you in once when you cannot use your devices.</p>
            <form method="post" action="/console/security/recovery" id="generate-recovery">
            \(Layout.csrfField(csrf))
            <button type="submit" id="generate-recovery-button">Generate new recovery codes</button>
            </form>
            """
    }
}

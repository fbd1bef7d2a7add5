import Foundation
import RampartCore
import RampartServices

/// "Security credentials": the principal's MFA devices with a remove button each, a form to add an
/// authenticator app, and (for IAM users) a password change. When the principal has devices and has not
/// proved one in the last few minutes, each change asks for a code first (step-up). Last, the person's
/// recent sign-ins (`RecentSignInsSection`).
enum SecurityPage {
    struct Device {
        var serialNumber: String
        var enableDate: Date
        var nickname: String?
    }

    static func render(
        principal: Principal, devices: [Device]?, hasDevices: Bool, csrf: String, header: String = "",
        needsStepUp: Bool,
        recovery: RecoveryCodes.Status? = nil, signIns: String = "", error: String? = nil, notice: String? = nil
    ) -> String {
        let stepUp =
            needsStepUp
            ? "<label>Code from one of your current devices <input name=\"code\" class=\"step-up\" inputmode=\"numeric\" autocomplete=\"one-time-code\" required></label>"
            : ""
        var rows = ""
        for (index, device) in (devices ?? []).enumerated() {
            rows += """
                <li class="device"><strong class="nickname" id="nickname-\(index)">\(HTML.escape(device.nickname ?? ""))</strong>
                <span class="serial">\(HTML.escape(device.serialNumber))</span>
                <span class="enabled">enabled \(HTML.escape(Timestamp.iso8601(device.enableDate)))</span>
                <form method="post" action="/console/security/remove" id="remove-\(index)">
                \(Layout.csrfField(csrf))
                <input type="hidden" name="serial" value="\(HTML.escape(device.serialNumber))">
                \(stepUp)
                <button type="submit" id="remove-button-\(index)">Remove</button>
                </form>
                <form method="post" action="/console/security/rename" id="rename-\(index)">
                \(Layout.csrfField(csrf))
                <input type="hidden" name="serial" value="\(HTML.escape(device.serialNumber))">
                <label>Name <input name="nickname" id="rename-input-\(index)" value="\(HTML.escape(device.nickname ?? ""))" maxlength="64"></label>
                <button type="submit" id="rename-button-\(index)">Rename</button>
                </form></li>
                """
        }
        // Nil devices: they could not be listed (the error says why), which is not having none.
        let list =
            switch devices {
            case nil: "<p id=\"devices-unknown\">Your MFA devices could not be listed.</p>"
            case let listed? where listed.isEmpty: "<p id=\"no-devices\">You have no MFA devices.</p>"
            default: "<ul id=\"devices\">\(rows)</ul>"
            }
        let password =
            principal.kind == .user
            ? """
            <h2>Password</h2>
            <form method="post" action="/console/security/password" id="change-password">
            \(Layout.csrfField(csrf))
            <label>Current password <input type="password" name="old" id="old-password" required autocomplete="current-password"></label>
            <label>New password <input type="password" name="new" id="new-password" required autocomplete="new-password"></label>
            <label>Confirm new password <input type="password" name="confirm" id="confirm-password" required autocomplete="new-password"></label>
            <button type="submit" id="change">Change password</button>
            </form>
            """ : ""
        return Layout.page(
            title: "Security credentials",
            body: """
                \(Layout.message(error))\(Layout.message(notice, kind: "notice"))
                <p>Signed in as <span id="arn">\(HTML.escape(principal.arn))</span>. <a href="/console">Console home</a> · <a href="/console/keys" id="keys-link">Access keys</a></p>
                <h2>Multi-factor authentication\(devices.map { " (\($0.count) of \(Limits.mfaDevicesInUse))" } ?? "")</h2>
                \(list)
                <h3>Add an authenticator app</h3>
                <form method="post" action="/console/security/authenticator" id="add-authenticator">
                \(Layout.csrfField(csrf))
                <label>Device name <input name="name" id="device-name" required maxlength="226" pattern="\(DeviceNameRule.htmlPattern)" title="\(DeviceNameRule.explanation)"></label>
                \(stepUp)
                <button type="submit" id="add-authenticator-button">Add authenticator app</button>
                </form>
                <h3>Add a passkey or security key</h3>
                <p id="webauthn-message" class="error" role="alert" hidden></p>
                <label>Name <input id="key-label" required maxlength="\(WebAuthnCeremonies.labelMaxLength)" pattern="\(DeviceNameRule.htmlPattern)" title="\(DeviceNameRule.explanation)"></label>
                \(needsStepUp ? "<label>Code from one of your current devices <input id=\"key-code\" inputmode=\"numeric\" autocomplete=\"one-time-code\"></label>" : "")
                <p><button type="button" id="add-security-key">Add passkey or security key</button></p>
                <h2>Recovery codes</h2>
                \(recoverySection(recovery, csrf: csrf, stepUp: stepUp, hasDevices: hasDevices))
                \(password)
                \(signIns)
                """,
            header: header)
    }

    static func recoverySection(_ status: RecoveryCodes.Status?, csrf: String, stepUp: String, hasDevices: Bool)
        -> String
    {
        var text: String
        if let status {
            text = "<p id=\"recovery-remaining\">\(status.remaining) of \(RecoveryCodes.count) codes left "
            text += "(made \(HTML.escape(Timestamp.iso8601(status.createDate)))).</p>"
            if !status.uses.isEmpty {
                let uses = status.uses.map {
                    "<li>\(HTML.escape(Timestamp.iso8601($0.time))) from \(HTML.escape($0.sourceIp))</li>"
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
            <form method="post" action="/console/security/recovery" id="generate-recovery">
            \(Layout.csrfField(csrf))
            \(stepUp)
            <button type="submit" id="generate-recovery-button">Generate new recovery codes</button>
            </form>
            """
    }
}

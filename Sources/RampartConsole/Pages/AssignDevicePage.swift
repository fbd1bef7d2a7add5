import RampartCore
import RampartServices

/// "Assign MFA device", as on AWS: first a choice of type, each said in words with what it needs; then
/// the chosen type's own step: a name for an authenticator app (its QR code follows on
/// `EnrollAuthenticatorPage`), a name for a passkey or security key (the browser's ceremony), or a
/// hardware TOTP token's serial number with two consecutive codes. Types the account does not allow are
/// shown, disabled, with why.
enum AssignDevicePage {
    enum Kind: String, CaseIterable {
        case app, key, hardware

        var title: String {
            switch self {
            case .app: "Authenticator app"
            case .key: "Passkey or security key"
            case .hardware: "Hardware TOTP token"
            }
        }

        var explanation: String {
            switch self {
            case .app:
                "An app on your phone or computer (Google Authenticator, Microsoft Authenticator, 1Password…) "
                    + "that shows a new six-digit code every 30 seconds."
            case .key:
                "Your device's passkey (fingerprint, face or PIN) or a USB or NFC security key. It answers only "
                    + "this site, so it cannot be phished."
            case .hardware:
                "A key-fob token your administrator gave you, with its serial number on the back."
            }
        }

        /// The account's MFA setting that allows the type (hardware tokens show codes, like apps).
        var deviceType: MFASettings.DeviceType {
            self == .key ? .securityKey : .authenticatorApp
        }
    }

    static func choice(allowed: Set<Kind>, header: String, error: String? = nil) -> String {
        let first = Kind.allCases.first { allowed.contains($0) }
        let options = Kind.allCases.map { kind in
            let enabled = allowed.contains(kind)
            let why = enabled ? "" : " <strong>This account does not allow it.</strong>"
            return """
                <label class="choice" for="type-\(kind.rawValue)"><input type="radio" name="type" value="\(kind.rawValue)" id="type-\(kind.rawValue)"\(enabled ? (kind == first ? " checked" : "") : " disabled")>
                <span><strong>\(kind.title)</strong><br><span class="facts">\(kind.explanation)\(why)</span></span></label>
                """
        }.joined(separator: "\n")
        return Layout.page(
            title: "Assign MFA device",
            body: """
                \(Layout.message(error))
                <form method="get" action="/console/security/assign" id="choose-type">
                <fieldset><legend>Which kind of device?</legend>
                \(options)
                </fieldset>
                <div class="buttons"><button type="submit" id="assign-next">Next</button>
                <a href="/console/security" id="assign-cancel">Cancel</a></div>
                </form>
                """,
            header: header, crumbs: crumbs)
    }

    static func app(csrf: String, header: String, error: String? = nil, notice: String? = nil, name: String = "")
        -> String
    {
        Layout.page(
            title: "Add an authenticator app",
            body: """
                \(Layout.message(error))\(Layout.message(notice, kind: "notice"))
                <p>Give the app a name you will recognise, such as the phone it is on. Next you scan a QR code
                with the app.</p>
                <form method="post" action="/console/security/authenticator" id="add-authenticator">
                \(Layout.csrfField(csrf))
                <label>Device name <input name="name" id="device-name" required maxlength="226" value="\(HTML.escape(name))" pattern="\(DeviceNameRule.htmlPattern)" title="\(DeviceNameRule.explanation)" aria-describedby="name-rule" autofocus></label>
                <p class="facts" id="name-rule">\(DeviceNameRule.explanation).</p>
                <div class="buttons"><button type="submit" id="add-authenticator-button">Continue</button>
                <a href="/console/security/assign">Back</a></div>
                </form>
                """,
            header: header, crumbs: crumbs)
    }

    static func key(csrf: String, header: String) -> String {
        Layout.page(
            title: "Add a passkey or security key",
            body: """
                <p id="webauthn-message" class="error" role="alert" hidden></p>
                <p>Give the key a name you will recognise. Then your browser asks you to create a passkey or to
                touch your security key.</p>
                \(Layout.csrfField(csrf))
                <label>Name <input id="key-label" required maxlength="\(WebAuthnCeremonies.labelMaxLength)" pattern="\(DeviceNameRule.htmlPattern)" title="\(DeviceNameRule.explanation)" aria-describedby="name-rule" autofocus></label>
                <p class="facts" id="name-rule">\(DeviceNameRule.explanation).</p>
                <div class="buttons"><button type="button" id="add-security-key">Add passkey or security key</button>
                <a href="/console/security/assign">Back</a></div>
                """,
            header: header, crumbs: crumbs)
    }

    static func hardware(csrf: String, header: String, error: String? = nil, serial: String = "") -> String {
        Layout.page(
            title: "Add a hardware TOTP token",
            body: """
                \(Layout.message(error))
                <p>Type the serial number printed on the back of the token, then press its button twice and
                type the two codes it shows, one after the other.</p>
                <form method="post" action="/console/security/hardware" id="add-hardware">
                \(Layout.csrfField(csrf))
                <label>Serial number <input name="serial" id="hardware-serial" required maxlength="256" value="\(HTML.escape(serial))" autocomplete="off" autofocus></label>
                <label>First code <input name="code1" id="hardware-code1" inputmode="numeric" required autocomplete="off"></label>
                <label>Next code <input name="code2" id="hardware-code2" inputmode="numeric" required autocomplete="off"></label>
                <div class="buttons"><button type="submit" id="add-hardware-button">Add token</button>
                <a href="/console/security/assign">Back</a></div>
                </form>
                """,
            header: header, crumbs: crumbs)
    }

    private static let crumbs = Crumbs.render(
        [("Security credentials", "/console/security")], current: "Assign MFA device")
}

import Foundation

/// The one page that shows a new authenticator's seed: as a QR code to scan and as text to type, then two
/// consecutive codes to prove the app holds it. The seed is not kept for showing again.
enum EnrollAuthenticatorPage {
    static func render(serialNumber: String, seed: String?, qrPNG: [UInt8]?, csrf: String, error: String?) -> String {
        var secret = ""
        // The seed goes back with each form: it proves the poster was shown it (see PendingAuthenticator).
        let seedField = seed.map { "<input type=\"hidden\" name=\"seed\" value=\"\(HTML.escape($0))\">" } ?? ""
        if let seed, let qrPNG {
            let grouped = stride(from: 0, to: seed.count, by: 4).map { offset -> String in
                let start = seed.index(seed.startIndex, offsetBy: offset)
                let end = seed.index(start, offsetBy: min(4, seed.count - offset))
                return String(seed[start..<end])
            }.joined(separator: " ")
            secret = """
                <p>Scan this code with your authenticator app, or type the key below.</p>
                <img id="qr" alt="QR code of the new authenticator's key" width="200" height="200" src="data:image/png;base64,\(Data(qrPNG).base64EncodedString())">
                <p>Key: <code id="seed">\(HTML.escape(grouped))</code></p>
                """
        }
        return Layout.page(
            title: "Add an authenticator app",
            body: """
                \(Layout.message(error))
                \(secret)
                <form method="post" action="/console/security/authenticator/enable" id="enable-authenticator">
                \(Layout.csrfField(csrf))
                <input type="hidden" name="serial" value="\(HTML.escape(serialNumber))">
                \(seedField)
                <label>First code <input name="code1" id="code1" inputmode="numeric" required autocomplete="one-time-code"></label>
                <label>Next code <input name="code2" id="code2" inputmode="numeric" required autocomplete="one-time-code"></label>
                <button type="submit" id="enable">Add device</button>
                </form>
                <form method="post" action="/console/security/authenticator/cancel" id="cancel-authenticator">
                \(Layout.csrfField(csrf))
                <input type="hidden" name="serial" value="\(HTML.escape(serialNumber))">
                \(seedField)
                <button type="submit" id="cancel" formnovalidate>Cancel</button>
                </form>
                """)
    }
}

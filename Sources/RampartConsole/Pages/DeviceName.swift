/// A device's name as people read it: the name its owner gave it in the console, else the name an
/// authenticator app was created with (the last part of its serial number, `…:mfa/NAME`), else what it
/// is. Tables show it first and the serial number (the ARN AWS's tools use) beside it, smaller.
struct DeviceName {
    var serialNumber: String
    var nickname: String?

    var text: String {
        if let nickname, !nickname.isEmpty { return nickname }
        switch MFAKind(serialNumber: serialNumber) {
        case .authenticator: return serialNumber.split(separator: "/").last.map(String.init) ?? serialNumber
        case .passkey: return MFAKind.passkey.label
        case .hardware: return serialNumber
        }
    }

    /// The serial number under the name; nil when it is the name (a hardware token's).
    var secondary: String? { text == serialNumber ? nil : serialNumber }

    /// The name in bold and the serial number under it, escaped.
    func html(id: String? = nil) -> String {
        let name = "<strong class=\"device-name\"\(id.map { " id=\"\($0)\"" } ?? "")>\(HTML.escape(text))</strong>"
        return name + (secondary.map { "<br><code class=\"serial\">\(HTML.escape($0))</code>" } ?? "")
    }
}

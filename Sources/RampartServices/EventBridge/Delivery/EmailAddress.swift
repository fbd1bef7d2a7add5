/// An address as SMTP's `MAIL FROM:<…>` / `RCPT TO:<…>` and a header carry it: `local@domain`,
/// printable ASCII without spaces, angle brackets, commas or quotes, so that it can neither break a
/// command line nor add a header.
public enum EmailAddress {
    public static func isValid(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard text.utf8.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[0].utf8.count <= 64,
            !parts[1].isEmpty, !parts[1].hasPrefix("."), !parts[1].hasSuffix(".")
        else { return false }
        return text.utf8.allSatisfy { byte in
            byte > 32 && byte < 127 && !"<>(),;:\"[]\\".utf8.contains(byte)
        }
    }
}

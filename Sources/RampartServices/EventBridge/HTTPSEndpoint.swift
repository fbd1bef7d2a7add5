import Foundation

/// EventBridge sends only over HTTPS. Rampart also allows plain HTTP to a loopback address, so
/// that tests and receivers on the same machine work.
public enum HTTPSEndpoint {
    static func isAllowed(_ endpoint: String) -> Bool {
        guard let url = URL(string: endpoint), let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased(),
            !host.isEmpty
        else { return false }
        if scheme == "https" { return true }
        return scheme == "http" && isLoopback(host)
    }

    public static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if bare == "localhost" || bare == "::1" { return true }
        let octets = bare.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }
}

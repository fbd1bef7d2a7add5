import Foundation
import RampartPolicy

/// Which peers may tell the server the client's address, and in which header. Behind a load balancer
/// every connection comes from the balancer; `aws:SourceIp` should be the client it forwarded for.
/// The header is believed only from a trusted peer, and only up to the first hop that is not itself
/// trusted: a client can prepend anything it likes to X-Forwarded-For, but not the address that the
/// last trusted proxy appended.
public struct TrustedProxies: Sendable {
    public static let defaultHeader = "X-Forwarded-For"

    public let networks: [IPNetwork]
    public let header: String

    public init(networks: [IPNetwork] = [], header: String = TrustedProxies.defaultHeader) {
        self.networks = networks
        self.header = header
    }

    /// The client address for a request that arrived from `peer` with these headers.
    public func clientAddress(peer: String, headers: [(String, String)]) -> String {
        guard isTrusted(peer) else { return peer }
        let name = header.lowercased()
        // Repeated headers concatenate, in order, as HTTP defines for list-valued fields.
        let hops = headers.filter { $0.0.lowercased() == name }.flatMap { $0.1.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        var client = peer
        for hop in hops.reversed() {
            // A hop that is not an address means the chain cannot be read further; stop at what is known.
            guard IPNetwork(hop) != nil, !hop.contains("/") else { break }
            client = hop
            if !isTrusted(hop) { break }
        }
        return client
    }

    private func isTrusted(_ address: String) -> Bool {
        networks.contains { $0.contains(address) }
    }
}

/// A CIDR block (or a single address) for code outside policies that must place an address the way
/// `IpAddress` does: the server's trusted-proxy list, for one.
public struct IPNetwork: Sendable, Equatable {
    private let range: IPRange

    /// "10.0.0.0/8", "2001:db8::/32", or a bare address; nil for anything else.
    public init?(_ text: String) {
        guard let range = IPRange(text) else { return nil }
        self.range = range
    }

    /// Whether `address` (no prefix) lies in the block; false for text that is not an address.
    public func contains(_ address: String) -> Bool {
        guard let value = IPAddressValue(address) else { return false }
        return range.contains(value)
    }
}

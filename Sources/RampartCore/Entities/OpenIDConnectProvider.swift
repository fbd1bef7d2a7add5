import Foundation

/// An IAM OpenID Connect identity provider: an issuer whose tokens roles may trust
/// (`"Federated": "arn:…:oidc-provider/HOST/PATH"`). Identified by its URL without the scheme.
public struct OpenIDConnectProvider: Codable, Sendable, Equatable {
    public var account: AccountID
    /// The issuer URL as given, `https://` included (GetOpenIDConnectProvider answers it so).
    public var url: String
    public var clientIDs: [String]
    /// SHA-1 fingerprints (40 hex digits) of the issuer's certificates; optional since 2024.
    public var thumbprints: [String]
    public var createDate: Date
    public var tags: [Tag]

    public init(account: AccountID, url: String, clientIDs: [String], thumbprints: [String], createDate: Date) {
        self.account = account
        self.url = url
        self.clientIDs = clientIDs
        self.thumbprints = thumbprints
        self.createDate = createDate
        self.tags = []
    }

    /// The resource part of the ARN: the URL without `https://` and without a trailing slash.
    public var resourceName: String { Self.resourceName(of: url) }

    public static func resourceName(of url: String) -> String {
        var name = Substring(url)
        if name.lowercased().hasPrefix("https://") { name = name.dropFirst("https://".count) }
        while name.hasSuffix("/") { name = name.dropLast() }
        return String(name)
    }

    /// `arn:PARTITION:iam::ACCOUNT:oidc-provider/HOST/PATH`, in the account's partition.
    public func arn(in partition: Partition) -> String {
        ARN.iam(partition, account: account.rawValue, "oidc-provider/\(resourceName)")
    }
}

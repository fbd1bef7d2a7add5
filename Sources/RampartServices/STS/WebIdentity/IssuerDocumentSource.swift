/// Fetches an identity provider's public documents (OpenID discovery, the key set). The server
/// supplies one that speaks HTTPS with its trust roots; tests supply their own. Below the HTTP
/// layer nothing knows how the bytes arrive.
public protocol IssuerDocumentSource: Sendable {
    /// The body of a `200` answer to `GET url`, at most `maximumBytes` long.
    func fetch(_ url: String, maximumBytes: Int) async throws(IssuerFetchError) -> [UInt8]
}

/// Why an issuer's document could not be had: STS answers `IDPCommunicationError` for each.
public struct IssuerFetchError: Error, Sendable, Equatable {
    public var reason: String

    public init(_ reason: String) {
        self.reason = reason
    }
}

/// The source of a server that has no way out: every fetch fails.
public struct NoIssuerDocumentSource: IssuerDocumentSource {
    public init() {}

    public func fetch(_ url: String, maximumBytes: Int) async throws(IssuerFetchError) -> [UInt8] {
        throw IssuerFetchError("outbound requests to identity providers are not configured")
    }
}

import Foundation

/// A server certificate stored in IAM for load balancers and CloudFront: the certificate, its
/// optional chain, and its private key, which is a secret: stored sealed (AES-GCM under the master
/// key, bound to the certificate's account and id) and never returned by any operation.
public struct ServerCertificate: Codable, Sendable, Equatable {
    public var account: AccountID
    /// `ASCA…`, stable across renames; the sealed key is bound to it.
    public var id: String
    public var name: String
    public var path: String
    public var body: String
    public var chain: String?
    public var sealedPrivateKey: [UInt8]
    public var uploadDate: Date
    /// The certificate's notAfter.
    public var expiration: Date
    public var tags: [Tag]

    public init(
        account: AccountID, id: String, name: String, path: String, body: String, chain: String?,
        sealedPrivateKey: [UInt8], uploadDate: Date, expiration: Date
    ) {
        self.account = account
        self.id = id
        self.name = name
        self.path = path
        self.body = body
        self.chain = chain
        self.sealedPrivateKey = sealedPrivateKey
        self.uploadDate = uploadDate
        self.expiration = expiration
        self.tags = []
    }

    /// `arn:PARTITION:iam::ACCOUNT:server-certificate/PATH/NAME`.
    public func arn(in partition: Partition) -> String {
        ARN.iam(partition, account: account.rawValue, "server-certificate\(path)\(name)")
    }

    /// What seals the private key to this certificate: a sealed key moved to another row fails to open.
    public static func sealingContext(account: AccountID, id: String) -> String {
        "server-certificate-key/\(account.rawValue)/\(id)"
    }
}

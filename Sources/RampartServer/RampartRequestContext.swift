import Hummingbird
import NIOCore

/// The per-request context: Hummingbird's core storage plus the peer address, which becomes
/// `aws:SourceIp`.
public struct RampartRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    var sourceIp: String { remoteAddress?.ipAddress ?? "0.0.0.0" }
}

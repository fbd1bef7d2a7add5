import Synchronization

/// The id AWS gives every response (`x-amzn-RequestId`, `<RequestId>`): a random (version 4) UUID
/// in lower case.
///
/// Made here rather than with Foundation's `UUID().uuidString`, which on Linux opens
/// `/dev/urandom` and formats with `sprintf` for every id: a tenth of the time of a GetUser.
public enum AWSRequestID {
    public static func make() -> String {
        format(RandomBytes.make(16))
    }

    /// Sixteen bytes as a version 4 UUID: the version and variant bits are set, the rest kept.
    package static func format(_ identifier: [UInt8]) -> String {
        var bytes = identifier
        bytes[6] = (bytes[6] & 0x0F) | 0x40  // version 4
        bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 4122 variant
        var text = [UInt8]()
        text.reserveCapacity(36)
        for (index, range) in [0..<4, 4..<6, 6..<8, 8..<10, 10..<16].enumerated() {
            if index > 0 { text.append(UInt8(ascii: "-")) }
            Hex.append(bytes[range], to: &text)
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// Request ids for a busy path: a random stem drawn once, then a counter, laid out as a version 4
/// UUID. Ids must be unique, not unpredictable (AWS's are not secrets), and drawing 16 random
/// bytes per request (two `getrandom` calls) was 1.5% of a GetUser's CPU. Within a process the
/// counter never repeats; between processes, 60 random stem bits keep ids apart.
public final class AWSRequestIDs: Sendable {
    private let stem: [UInt8]
    private let counter: Atomic<UInt64>

    public init() {
        stem = RandomBytes.make(8)
        counter = Atomic(RandomBytes.make(4).reduce(0) { $0 << 8 | UInt64($1) })
    }

    public func next() -> String {
        let count = counter.wrappingAdd(1, ordering: .relaxed).newValue
        var bytes = stem
        bytes.reserveCapacity(16)
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: count >> shift)) }
        return AWSRequestID.format(bytes)
    }
}

/// A JSON value of a CloudTrail record, with object members in the order they were written:
/// AWS writes `userIdentity` before `eventTime`, and a record that keeps that order reads like
/// AWS's in a diff or a SIEM. Rendering is by hand (see `TrailValue+JSON.swift`) because every
/// request of the hot path produces one.
public indirect enum TrailValue: Sendable, Equatable {
    case string(String)
    case int(Int64)
    case bool(Bool)
    case null
    case array([TrailValue])
    case object([TrailMember])
    /// A value rendered before, as its JSON bytes: a credential's `userIdentity`, the same for
    /// every call it signs, is rendered once (`UserIdentityCache`). Its members cannot be read back.
    case rendered([UInt8])

    /// An object from members whose value may be absent; absent ones are left out, as AWS
    /// leaves out `errorCode` of a call that succeeded.
    public static func members(_ members: [(String, TrailValue?)]) -> TrailValue {
        .object(members.compactMap { key, value in value.map { TrailMember(key, $0) } })
    }

    /// The member `key` of an object, nil for anything else.
    public subscript(key: String) -> TrailValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }
}

/// One member of a `TrailValue.object`.
public struct TrailMember: Sendable, Equatable {
    public var key: String
    public var value: TrailValue

    public init(_ key: String, _ value: TrailValue) {
        self.key = key
        self.value = value
    }
}

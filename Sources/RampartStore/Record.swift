import RampartCore

/// A kind of stored record. One table row shape serves every kind (`kind`, `key`, `account`,
/// JSON body), so both engines share one schema and adding an entity needs no migration.
public struct RecordKind: Hashable, Sendable, CustomStringConvertible {
    public let name: String
    public init(_ name: String) { self.name = name }
    public var description: String { name }
}

/// A value the store can hold. `recordKey` is unique within its kind across all accounts;
/// `recordAccount` groups records for per-account listing.
public protocol Record: Codable, Sendable {
    static var kind: RecordKind { get }
    var recordKey: String { get }
    var recordAccount: String { get }
}

import RampartCore

extension PostureHistory: Record {
    public static let kind = RecordKind("posture-history")
    public var recordKey: String { scope }
    public var recordAccount: String { account.rawValue }
}

extension RecordTypes {
    /// The record types of this file, loaded with the others (`RecordTypes.all`).
    static let posture: [any Record.Type] = [PostureHistory.self]
}

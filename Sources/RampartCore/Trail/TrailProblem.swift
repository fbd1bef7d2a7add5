/// One thing `rampart audit verify` found wrong with a trail: which account, which event or
/// digest, and what kind of tampering it points to.
public struct TrailProblem: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// An event's hash does not match its content.
        case edited
        /// An event the chain or a digest names is not there.
        case deleted
        /// An event the chain does not lead to (a duplicate sequence, or a link to no event).
        case inserted
        /// Events out of their chain order.
        case reordered
        /// The chain no longer agrees with a signed digest: events changed and rehashed.
        case rewritten
        /// A digest whose signature does not verify.
        case digestForged = "digest forged"
        /// A digest missing from the digests' own chain.
        case digestRemoved = "digest removed"
    }

    public var account: AccountID
    public var kind: Kind
    /// The event's place in its chain, when the problem is an event's.
    public var sequence: Int64?
    public var eventId: String?
    /// The digest's number, when the problem is a digest's.
    public var digest: Int64?
    public var detail: String

    public init(
        account: AccountID, kind: Kind, sequence: Int64? = nil, eventId: String? = nil, digest: Int64? = nil,
        detail: String
    ) {
        self.account = account
        self.kind = kind
        self.sequence = sequence
        self.eventId = eventId
        self.digest = digest
        self.detail = detail
    }
}

extension TrailProblem: CustomStringConvertible {
    /// One line: `account 123456789012 sequence 42 (event …): edited: …`.
    public var description: String {
        var line = "account \(account.rawValue)"
        if let sequence { line += " sequence \(sequence)" }
        if let eventId { line += " (event \(eventId))" }
        if let digest { line += " digest \(digest)" }
        return line + ": \(kind.rawValue): \(detail)"
    }
}

import Foundation

/// One page of a trail lookup: whose events, which attribute, which time span, how many, and
/// where the previous page stopped. Results come newest first.
public struct TrailQuery: Sendable, Equatable {
    public enum Scope: Sendable, Equatable {
        case account(AccountID)
        /// Every event recorded while an account was a member of the organization (the
        /// management account's view, as an organization trail records it).
        case organization(String)
    }

    public var scope: Scope
    public var attribute: (key: TrailAttribute, value: String)?
    /// Inclusive bounds.
    public var start: Date
    public var end: Date
    public var limit: Int
    public var after: TrailCursor?

    public init(
        scope: Scope, attribute: (key: TrailAttribute, value: String)?, start: Date, end: Date, limit: Int,
        after: TrailCursor?
    ) {
        self.scope = scope
        self.attribute = attribute
        self.start = start
        self.end = end
        self.limit = limit
        self.after = after
    }

    public static func == (lhs: TrailQuery, rhs: TrailQuery) -> Bool {
        lhs.scope == rhs.scope && lhs.attribute?.key == rhs.attribute?.key
            && lhs.attribute?.value == rhs.attribute?.value && lhs.start == rhs.start && lhs.end == rhs.end
            && lhs.limit == rhs.limit && lhs.after == rhs.after
    }
}

/// Where a page ended: the last event's time and its position in the store's write order,
/// which together order every event totally.
public struct TrailCursor: Sendable, Equatable {
    public var timeMillis: Int64
    public var position: Int64

    public init(timeMillis: Int64, position: Int64) {
        self.timeMillis = timeMillis
        self.position = position
    }
}

/// A page of lookup results: the events and, when more may follow, where to continue.
public struct TrailPage: Sendable {
    public var events: [TrailEvent]
    public var next: TrailCursor?

    public init(events: [TrailEvent], next: TrailCursor?) {
        self.events = events
        self.next = next
    }
}

import RampartCore

/// The engine-neutral half of a LookupEvents page: which posting lists to read (scope, attribute
/// code, value, time bounds), and how to merge them, newest first, into one page's positions.
/// An engine reads the lists newest first by their latest event and hands each to `add` until it
/// answers false, then reads the events `finish` names.
package struct TrailLookupMerge {
    package let scope: String
    package let attribute: Int64
    package let value: String
    /// The time bounds, in epoch milliseconds, of the lists worth reading: a list entirely before
    /// `start` or after `upper` holds nothing for this page.
    package let start: Int64
    package let upper: Int64
    private let end: Int64
    private let after: TrailPostings.Entry?
    private let limit: Int
    private var candidates: [TrailPostings.Entry] = []
    private var final: [TrailPostings.Entry] = []

    package init(_ query: TrailQuery) {
        switch query.scope {
        case .account(let account): scope = account.rawValue
        case .organization(let organization): scope = organization
        }
        attribute = query.attribute.map { Int64($0.key.code) } ?? TrailIndexBatch.everyEvent
        value = query.attribute?.value ?? ""
        start = Int64(query.start.epochMilliseconds)
        end = Int64(query.end.epochMilliseconds)
        after = query.after.map { TrailPostings.Entry(timeMillis: $0.timeMillis, position: $0.position) }
        upper = min(end, after?.timeMillis ?? .max)
        limit = query.limit
    }

    /// One more than asked says whether another page exists.
    private var wanted: Int { limit + 1 }

    /// Takes the next list (its latest event's time and its encoded postings); false once the page
    /// is known. Lists come newest first by their latest event but may overlap in time: an entry is
    /// known to be among the newest once no list still unread can hold a later one, that is once its
    /// time is past the next list's latest.
    package mutating func add(latest: Int64, postings: [UInt8]) -> Bool {
        candidates.sort(by: >)
        while let first = candidates.first, first.timeMillis > latest, final.count < wanted {
            final.append(candidates.removeFirst())
        }
        guard final.count < wanted else { return false }
        for entry in TrailPostings(decoding: postings)?.entries ?? []
        where entry.timeMillis >= start && entry.timeMillis <= end && after.map({ entry < $0 }) ?? true {
            candidates.append(entry)
        }
        return true
    }

    /// The page's entries, newest first, and whether more follow.
    package mutating func finish() -> (entries: ArraySlice<TrailPostings.Entry>, more: Bool) {
        candidates.sort(by: >)
        final += candidates.prefix(max(0, wanted - final.count))
        candidates.removeAll()
        return (final.prefix(limit), final.count > limit)
    }

    /// Whether an event found by id belongs on this page (lookups by EventId read no lists).
    package func admits(_ event: TrailEvent, cursor: TrailCursor?) -> Bool {
        let millis = Int64(event.time.epochMilliseconds)
        return millis >= start && millis <= end && cursor == nil
            && (event.account.rawValue == scope || event.organization == scope)
    }
}

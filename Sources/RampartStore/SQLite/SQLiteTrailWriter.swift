import Foundation
import RampartCore

/// Appends events to the trail tables on the store's connection, inside the transaction the
/// store has open, a row each or, for events kept as facts, a block of them (`SQLiteTrailBlock`), and
/// keeps each account's chain head (last sequence and hash) so an append costs no read. The lookup
/// index is written once per batch (`finishBatch`): one posting list per scope and attribute value
/// the batch's events have. Heads move only when the store reports
/// the transaction committed; a rollback forgets what the transaction appended.
final class SQLiteTrailWriter {
    private let database: SQLiteDatabase
    private let insertEvent: SQLiteStatement
    private let insertPostings: SQLiteStatement
    private let readHead: SQLiteStatement
    private let deleteKeys: SQLiteStatement
    private let deleteEvents: SQLiteStatement
    private let positionBounds: SQLiteStatement
    private let firstAtOrAfter: SQLiteStatement
    private let insertDigest: SQLiteStatement
    private var heads: [String: TrailChainHead] = [:]
    private var pending: [String: TrailChainHead] = [:]
    /// The open transaction's postings.
    private var postings = TrailIndexBatch()
    /// Postings of committed writes not yet in the index: a write commits its event alone, and the
    /// next batch (at most `TrailSettings.flushInterval` later, or the next lookup) indexes it. Writing
    /// a dozen posting rows in every write transaction cost a write three times its CPU (each row a
    /// page in the WAL); an event whose index was lost in a crash is indexed again at the next start.
    private var deferred = TrailIndexBatch()
    private var indexWritten = false
    private let insertBlock: SQLiteStatement
    private let maxPosition: SQLiteStatement
    /// The last position given, so a block can take the positions it owns (every row is written with its
    /// position); read again after a rollback.
    private var lastPosition: Int64 = 0
    /// The stem of the ids this writer gives events kept as facts.
    private let ids = SQLiteTrailEventIDs()
    /// A block's blob is built here (its capacity kept from one block to the next).
    private var blob: [UInt8] = []

    init(database: SQLiteDatabase) throws(StoreError) {
        self.database = database
        insertEvent = try database.prepare(
            "INSERT INTO trail_events(position, account, sequence, organization, time_ms, event_id, event_name, "
                + "event_source, username, access_key_id, read_only, resources, body, previous_hash, hash) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        insertBlock = try database.prepare(
            "INSERT INTO trail_events(position, account, sequence, organization, time_ms, end_time_ms, event_id, "
                + "event_name, event_source, read_only, resources, body, previous_hash, hash, count, block) "
                + "VALUES (?, ?, ?, ?, ?, ?, '', '', '', 1, '', '', ?, ?, ?, ?)")
        maxPosition = try database.prepare("SELECT COALESCE(MAX(position), 0) FROM trail_events")
        insertPostings = try database.prepare(
            "INSERT OR REPLACE INTO trail_postings(scope, attribute, value, max_time_ms, last_position, min_time_ms, "
                + "postings) VALUES (?, ?, ?, ?, ?, ?, ?)")
        readHead = try database.prepare(
            "SELECT sequence, hash FROM trail_events WHERE account = ? ORDER BY sequence DESC LIMIT 1")
        deleteKeys = try database.prepare("DELETE FROM trail_postings WHERE max_time_ms < ?")
        // Events have no index on time (it would cost every append an index write): a prune deletes a
        // prefix of positions, found by bisection (see `prune`).
        deleteEvents = try database.prepare(
            "DELETE FROM trail_events WHERE position <= ? AND COALESCE(end_time_ms, time_ms) < ?")
        positionBounds = try database.prepare("SELECT MIN(position), MAX(position) FROM trail_events")
        firstAtOrAfter = try database.prepare(
            "SELECT position, time_ms FROM trail_events WHERE position >= ? ORDER BY position LIMIT 1")
        insertDigest = try database.prepare(
            "INSERT INTO trail_digests(\(SQLiteTrailColumns.digestSelect)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        do {
            try readLastPosition()
        } catch {
            throw StoreError.database("reading the trail's last position: \(error)")
        }
    }

    private func readLastPosition() throws {
        try maxPosition.forEachRow([]) { row in lastPosition = row.integer(0) }
    }

    /// Adds one event at the end of its account's chain. Call between the store's BEGIN and COMMIT.
    func append(_ event: TrailEvent) throws {
        let account = event.account.rawValue
        let head = try pending[account] ?? heads[account] ?? storedHead(account)
        let next = head.next(event)
        let millis = Int64(event.time.epochMilliseconds)
        let position = lastPosition + 1
        try insertEvent.run([
            .integer(position), .text(account), .integer(next.sequence), .optional(event.organization),
            .integer(millis),
            .text(event.eventId),
            .text(event.eventName), .text(event.eventSource), .optional(event.username), .optional(event.accessKeyId),
            .integer(event.readOnly ? 1 : 0), .text(TrailResourcesText.encode(event.resources)), .text(event.body),
            .blob(head.hash), .blob(next.hash),
        ])
        pending[account] = next
        lastPosition = position
        postings.add(event, at: position)
    }

    /// Adds events kept as facts, in blocks of one account and organization each (`SQLiteTrailBlock`),
    /// each block's events in the order of `batch`. Returns the ids given, in the order of `batch`'s
    /// events. Call between the store's BEGIN and COMMIT.
    func append(_ batch: SQLiteTrailFactsBatch) throws -> [String] {
        var ids = [String](repeating: "", count: batch.lookups.count)
        for group in batch.blocks(capacity: SQLiteTrailBlock.capacity) {
            let first = batch.lookups[group[0]]
            let account = first.account.rawValue
            var head = try pending[account] ?? heads[account] ?? storedHead(account)
            let previous = head.hash
            var start = Int64.max
            var end = Int64.min
            let buffer = blob
            blob = []
            var block = SQLiteTrailBlock.Writer(reusing: buffer, stem: self.ids.stem, count: group.count)
            for index in group {
                // Read in place: a copy of the event and its range would retain and release its strings.
                let range = batch.ranges[index]
                let position = lastPosition + 1
                let id = self.ids.make(position: position)
                head = head.next(account: first.account, eventId: id, facts: batch.facts.bytes[range])
                block.append(hash: head.hash, facts: batch.facts.bytes[range])
                let millis = Int64(batch.lookups[index].time.epochMilliseconds)
                start = min(start, millis)
                end = max(end, millis)
                postings.add(batch.lookups[index], at: position)
                lastPosition = position
                ids[index] = id
            }
            blob = block.finish()
            try insertBlock.run([
                .integer(lastPosition), .text(account), .integer(head.sequence), .optional(first.organization),
                .integer(start), .integer(end), .blob(previous), .blob(head.hash), .integer(Int64(group.count)),
                .blob(blob),
            ])
            pending[account] = head
        }
        return ids
    }

    /// Whether committed events wait to be indexed.
    var hasUnindexed: Bool { !deferred.isEmpty }

    /// Ends a transaction's appends, before COMMIT: a batch (`index` true) writes the posting lists of
    /// its events and of every committed write not yet indexed; a write keeps its postings for the next
    /// batch.
    func finishBatch(index: Bool) throws {
        indexWritten = index
        guard index else { return }
        var lists = deferred
        lists.add(postings)
        for (key, list) in lists.lists {
            try insertPostings.run([
                .text(key.scope), .integer(key.attribute), .text(key.value), .integer(list.maxTime),
                .integer(list.lastPosition), .integer(list.minTime), .blob(list.encoded),
            ])
        }
    }

    /// Deletes the events before `millis` and the posting lists that name only such events, in one
    /// transaction (a list that also names kept events stays; lookups skip what it names that is
    /// gone). Chains keep
    /// their links: the first event left names the hash of one that is gone, which `verify` takes
    /// as where the kept part of the chain begins.
    func prune(before millis: Int64) throws -> Int {
        try database.execute("BEGIN IMMEDIATE")
        do {
            try deleteKeys.run([.integer(millis)])
            if let last = try lastPosition(before: millis + Self.writeOrderSlack) {
                try deleteEvents.run([.integer(last), .integer(millis)])
            }
            let removed = Int(database.changes)
            try database.execute("COMMIT")
            return removed
        } catch {
            try? database.execute("ROLLBACK")
            throw error
        }
    }

    /// How far an event's time may trail the time of events written before it: a batch of queued
    /// reads is written up to a flush interval after a write event that came later. An hour is far
    /// more than that and costs a prune only reading an hour of events it keeps.
    static let writeOrderSlack: Int64 = 3_600_000

    /// The last position whose event is older than `millis`, by bisecting positions: events are in
    /// time order up to `writeOrderSlack`, so the events a prune deletes are among the positions up
    /// to the one this finds for the cutoff plus the slack. O(log n) index reads, no scan.
    func lastPosition(before millis: Int64) throws -> Int64? {
        var bounds: (Int64, Int64)?
        try positionBounds.forEachRow([]) { row in
            if !row.isNull(0) { bounds = (row.integer(0), row.integer(1)) }
        }
        guard var (low, high) = bounds else { return nil }
        var found: Int64?
        while low <= high {
            let middle = low + (high - low) / 2
            var row: (position: Int64, time: Int64)?
            try firstAtOrAfter.forEachRowWhile([.integer(middle)]) { next in
                row = (next.integer(0), next.integer(1))
                return false
            }
            guard let row, row.position <= high else {
                high = middle - 1
                continue
            }
            if row.time < millis {
                found = row.position
                low = row.position + 1
            } else {
                high = middle - 1
            }
        }
        return found
    }

    /// Writes one digest in a transaction of its own.
    func append(_ digest: TrailDigest) throws {
        try database.execute("BEGIN IMMEDIATE")
        do {
            try insertDigest.run([
                .text(digest.account.rawValue), .integer(digest.number), .integer(digest.startMillis),
                .integer(digest.endMillis), .integer(digest.firstSequence), .integer(digest.lastSequence),
                .blob(digest.firstHash), .blob(digest.lastHash), .blob(digest.previousSignature),
                .blob(digest.signature),
            ])
            try database.execute("COMMIT")
        } catch {
            try? database.execute("ROLLBACK")
            throw error
        }
    }

    func committed() {
        heads.merge(pending) { _, new in new }
        pending.removeAll()
        if indexWritten {
            deferred.removeAll()
        } else {
            deferred.add(postings)
        }
        postings.removeAll()
    }

    func rolledBack() {
        pending.removeAll()
        postings.removeAll()
        try? readLastPosition()
    }

    /// Indexes the events a crash left unindexed (committed after the last batch's posting lists):
    /// those after the highest position any list names. Run once when the store opens.
    func indexUnindexed(renderer: (any TrailFactsRenderer)?) throws {
        var last: Int64 = 0
        try database.prepare("SELECT COALESCE(MAX(last_position), 0) FROM trail_postings").forEachRow([]) { row in
            last = row.integer(0)
        }
        let missing = try database.prepare(
            "SELECT \(SQLiteTrailColumns.select) FROM trail_events e WHERE e.position > ? ORDER BY e.position")
        try database.execute("BEGIN IMMEDIATE")
        do {
            try missing.forEachRow([.integer(last)]) { row in
                for (position, link) in try SQLiteTrailColumns.links(row, renderer: renderer) {
                    postings.add(link.event, at: position)
                }
            }
            try finishBatch(index: true)
            try database.execute("COMMIT")
            deferred.removeAll()
            postings.removeAll()
        } catch {
            try? database.execute("ROLLBACK")
            postings.removeAll()
            throw error
        }
    }

    /// Forgets every head, for after rows were deleted underneath (retention).
    func forgetHeads() {
        heads.removeAll()
    }

    private func storedHead(_ account: String) throws -> TrailChainHead {
        var head = TrailChainHead.genesis
        try readHead.forEachRow([.text(account)]) { row in
            head = TrailChainHead(sequence: row.integer(0), hash: row.blob(1))
        }
        return head
    }
}

/// How trail rows are laid out, shared by the writer and the reader.
enum SQLiteTrailColumns {
    static let select =
        "e.position, e.account, e.organization, e.time_ms, e.event_id, e.event_name, e.event_source, e.username, "
        + "e.access_key_id, e.read_only, e.resources, e.body, e.sequence, e.previous_hash, e.hash, e.count, e.block"

    /// The column of `select` holding a block (NULL for a row of one event).
    static let blockColumn: Int32 = 16

    static let digestSelect =
        "account, number, start_ms, end_ms, first_sequence, last_sequence, first_hash, last_hash, "
        + "previous_signature, signature"

    /// A row selected with `digestSelect`.
    static func digest(_ row: SQLiteRow) throws(StoreError) -> TrailDigest {
        guard let account = AccountID(row.text(0)) else {
            throw StoreError.corruptRecord(kind: "trail-digest", key: row.text(0))
        }
        return TrailDigest(
            account: account, number: row.integer(1), startMillis: row.integer(2), endMillis: row.integer(3),
            firstSequence: row.integer(4), lastSequence: row.integer(5), firstHash: row.blob(6),
            lastHash: row.blob(7), previousSignature: row.blob(8), signature: row.blob(9))
    }

    /// A row selected with `select`, as the chain links it holds: one, or a block's (`SQLiteTrailBlock`),
    /// whose events `renderer` makes from their facts.
    static func links(_ row: SQLiteRow, renderer: (any TrailFactsRenderer)?) throws(StoreError) -> [(
        position: Int64, link: TrailLink
    )] {
        guard let block = try SQLiteTrailBlockRow(row) else { return [try link(row)] }
        return try block.block.entries.indices.map { index throws(StoreError) in
            try block.link(index, renderer: renderer)
        }
    }

    /// A row of one event, as its chain link.
    static func link(_ row: SQLiteRow) throws(StoreError) -> (position: Int64, link: TrailLink) {
        guard let account = AccountID(row.text(1)) else {
            throw StoreError.corruptRecord(kind: "trail-event", key: String(row.integer(0)))
        }
        let event = TrailEvent(
            account: account, organization: row.optionalText(2),
            time: Date(timeIntervalSince1970: Double(row.integer(3)) / 1000), eventId: row.text(4),
            eventName: row.text(5), eventSource: row.text(6), username: row.optionalText(7),
            accessKeyId: row.optionalText(8), readOnly: row.integer(9) != 0,
            resources: TrailResourcesText.decode(row.text(10)),
            body: row.text(11))
        return (
            row.integer(0),
            TrailLink(sequence: row.integer(12), event: event, previousHash: row.blob(13), hash: row.blob(14))
        )
    }
}

import Foundation
import Logging
import PostgresNIO
import RampartCore
import RampartStore

/// The audit trail's rows in PostgreSQL: appends (inside a write transaction that holds the
/// store's write lock, so positions and each account's chain grow without a race between
/// instances) and reads. The layout and the lookup are SQLite's (`TrailIndexBatch`,
/// `TrailLookupMerge`), so the same events hash and answer the same in both engines.
struct PostgresTrailRows: Sendable {
    let logger: Logger

    static let eventColumns =
        "position, account, organization, time_ms, event_id, event_name, event_source, username, "
        + "access_key_id, read_only, resources, body, sequence, previous_hash, hash, facts"
    static let digestColumns =
        "account, number, start_ms, end_ms, first_sequence, last_sequence, first_hash, last_hash, "
        + "previous_signature, signature"

    /// Appends `events` in order, each at the end of its account's chain, and their posting lists.
    func append(_ events: [TrailEvent], on connection: PostgresConnection) async throws {
        guard !events.isEmpty else { return }
        let (rows, index) = try await links(for: events, on: connection)
        try await insert(rows, index: index, on: connection)
    }

    /// The rows that append `events` (positions after the last, links after each account's chain
    /// head) and their posting lists: one query for the last position and the heads together.
    func links(for events: [TrailEvent], on connection: PostgresConnection) async throws
        -> (rows: [(position: Int64, link: TrailLink)], index: TrailIndexBatch)
    {
        var position: Int64 = 0
        var heads: [String: TrailChainHead] = [:]
        // The first row carries the last position alone (no account); the others each account's head,
        // one backward step of the `trail_chain` index per account. (`DISTINCT ON (account) … ORDER BY
        // account, sequence DESC` read and sorted every event of the accounts: 74 ms per write at 47,000
        // events, seconds once a busy account had a million, and every write of the fleet waited on it.)
        let found = try await connection.ask(
            """
            SELECT NULL::TEXT, COALESCE(MAX(position), 0)::BIGINT, NULL::BYTEA FROM trail_events
            UNION ALL
            SELECT a.account, h.sequence, h.hash
            FROM unnest(\(Array(Set(events.map(\.account.rawValue))))::TEXT[]) AS a(account)
            CROSS JOIN LATERAL (
                SELECT sequence, hash FROM trail_events e WHERE e.account = a.account
                ORDER BY sequence DESC LIMIT 1
            ) h
            """, logger: logger)
        for try await (account, number, hash) in found.decode((String?, Int64, ByteBuffer?).self) {
            if let account, let hash {
                heads[account] = TrailChainHead(sequence: number, hash: hash.bytes)
            } else {
                position = number
            }
        }
        var rows: [(position: Int64, link: TrailLink)] = []
        rows.reserveCapacity(events.count)
        var index = TrailIndexBatch()
        for event in events {
            let account = event.account.rawValue
            let head = heads[account] ?? .genesis
            let next = head.next(event)
            position += 1
            rows.append(
                (position, TrailLink(sequence: next.sequence, event: event, previousHash: head.hash, hash: next.hash)))
            heads[account] = next
            index.add(event, at: position)
        }
        return (rows, index)
    }

    /// Writes events at the positions and chain links they already have (an append above, or a
    /// copy of another database's trail), and their posting lists.
    func insert(_ rows: [(position: Int64, link: TrailLink)], index: TrailIndexBatch, on connection: PostgresConnection)
        async throws
    {
        try await PostgresRows.insert(
            rows, prefix: Self.insertEvents, columns: 16, on: connection, logger: logger, bind: Self.bind)
        try await PostgresRows.insert(
            Array(index.lists), prefix: Self.insertPostings, columns: 7, on: connection, logger: logger,
            bind: Self.bind)
    }

    /// The same rows as parts of a write's one statement.
    static func add(
        _ rows: [(position: Int64, link: TrailLink)], index: TrailIndexBatch,
        to statement: inout PostgresCombinedStatement
    ) {
        statement.values(rows, prefix: insertEvents, columns: 16, bind: bind)
        statement.values(Array(index.lists), prefix: insertPostings, columns: 7, bind: bind)
    }

    static let insertEvents = "INSERT INTO trail_events(\(eventColumns))"
    static let insertPostings =
        "INSERT INTO trail_postings(scope, attribute, value, max_time_ms, last_position, min_time_ms, postings)"

    static func bind(_ row: (position: Int64, link: TrailLink), _ binds: inout PostgresBindings) {
        let event = row.link.event
        binds.append(row.position)
        binds.append(event.account.rawValue)
        binds.append(event.organization)
        binds.append(Int64(event.time.epochMilliseconds))
        binds.append(event.eventId)
        binds.append(event.eventName)
        binds.append(event.eventSource)
        binds.append(event.username)
        binds.append(event.accessKeyId)
        binds.append(event.readOnly)
        binds.append(TrailResourcesText.encode(event.resources))
        binds.append(event.body)
        binds.append(row.link.sequence)
        binds.append(ByteBuffer(bytes: row.link.previousHash))
        binds.append(ByteBuffer(bytes: row.link.hash))
        binds.append(row.link.facts.map { ByteBuffer(bytes: $0) })
    }

    static func bind(_ entry: (key: TrailIndexBatch.Key, value: TrailPostings), _ binds: inout PostgresBindings) {
        let (key, list) = entry
        binds.append(key.scope)
        binds.append(key.attribute)
        binds.append(key.value)
        binds.append(list.maxTime)
        binds.append(list.lastPosition)
        binds.append(list.minTime)
        binds.append(ByteBuffer(bytes: list.encoded))
    }

    func lookup(_ query: TrailQuery, on connection: PostgresConnection) async throws -> TrailPage {
        var merge = TrailLookupMerge(query)
        if let attribute = query.attribute, attribute.key == .eventId {
            let rows = try await connection.ask(
                "SELECT \(unescaped: Self.eventColumns) FROM trail_events WHERE event_id = \(attribute.value)",
                logger: logger)
            var events = [TrailEvent]()
            for try await row in rows {
                let event = try Self.link(row).link.event
                if merge.admits(event, cursor: query.after) { events.append(event) }
            }
            return TrailPage(events: events, next: nil)
        }
        let lists = try await connection.ask(
            """
            SELECT max_time_ms, postings FROM trail_postings
            WHERE scope = \(merge.scope) AND attribute = \(merge.attribute) AND value = \(merge.value)
            AND max_time_ms >= \(merge.start) AND min_time_ms <= \(merge.upper)
            ORDER BY max_time_ms DESC, last_position DESC
            """, logger: logger)
        for try await (latest, postings) in lists.decode((Int64, ByteBuffer).self) {
            if !merge.add(latest: latest, postings: postings.bytes) { break }
        }
        let (entries, more) = merge.finish()
        guard !entries.isEmpty else { return TrailPage(events: [], next: nil) }
        var found: [Int64: TrailEvent] = [:]
        let rows = try await connection.ask(
            "SELECT \(unescaped: Self.eventColumns) FROM trail_events WHERE position = ANY(\(entries.map(\.position)))",
            logger: logger)
        for try await row in rows {
            let (position, link) = try Self.link(row)
            found[position] = link.event
        }
        var events = [TrailEvent]()
        var last: TrailCursor?
        for entry in entries {
            guard let event = found[entry.position] else { continue }
            events.append(event)
            last = TrailCursor(timeMillis: entry.timeMillis, position: entry.position)
        }
        return TrailPage(events: events, next: more ? last : nil)
    }

    func links(account: AccountID, from sequence: Int64, limit: Int, on connection: PostgresConnection) async throws
        -> [TrailLink]
    {
        let rows = try await connection.ask(
            """
            SELECT \(unescaped: Self.eventColumns) FROM trail_events
            WHERE account = \(account.rawValue) AND sequence >= \(sequence) ORDER BY sequence LIMIT \(Int64(limit))
            """, logger: logger)
        var links = [TrailLink]()
        for try await row in rows { links.append(try Self.link(row).link) }
        return links
    }

    /// Up to `limit` of one account's events within a time range, after chain position `after`.
    func events(
        account: AccountID, from start: Int64, through end: Int64, after: Int64, limit: Int,
        on connection: PostgresConnection
    ) async throws -> [TrailLink] {
        let rows = try await connection.ask(
            """
            SELECT \(unescaped: Self.eventColumns) FROM trail_events
            WHERE account = \(account.rawValue) AND time_ms BETWEEN \(start) AND \(end) AND sequence > \(after)
            ORDER BY sequence LIMIT \(Int64(limit))
            """, logger: logger)
        var links = [TrailLink]()
        for try await row in rows { links.append(try Self.link(row).link) }
        return links
    }

    func head(account: AccountID, on connection: PostgresConnection) async throws -> TrailLink? {
        let rows = try await connection.ask(
            """
            SELECT \(unescaped: Self.eventColumns) FROM trail_events
            WHERE account = \(account.rawValue) ORDER BY sequence DESC LIMIT 1
            """, logger: logger)
        for try await row in rows { return try Self.link(row).link }
        return nil
    }

    func accounts(on connection: PostgresConnection) async throws -> [AccountID] {
        let rows = try await connection.ask("SELECT DISTINCT account FROM trail_events", logger: logger)
        var accounts = [AccountID]()
        for try await account in rows.decode(String.self) {
            if let account = AccountID(account) { accounts.append(account) }
        }
        return accounts.sorted { $0.rawValue < $1.rawValue }
    }

    func digests(account: AccountID, on connection: PostgresConnection) async throws -> [TrailDigest] {
        let rows = try await connection.ask(
            """
            SELECT \(unescaped: Self.digestColumns) FROM trail_digests
            WHERE account = \(account.rawValue) ORDER BY number
            """, logger: logger)
        var digests = [TrailDigest]()
        for try await row in rows {
            let (account, number, start, end, first, last, firstHash, lastHash, previous, signature) = try row.decode(
                (String, Int64, Int64, Int64, Int64, Int64, ByteBuffer, ByteBuffer, ByteBuffer, ByteBuffer).self)
            guard let account = AccountID(account) else {
                throw StoreError.corruptRecord(kind: "trail-digest", key: account)
            }
            digests.append(
                TrailDigest(
                    account: account, number: number, startMillis: start, endMillis: end, firstSequence: first,
                    lastSequence: last, firstHash: firstHash.bytes, lastHash: lastHash.bytes,
                    previousSignature: previous.bytes, signature: signature.bytes))
        }
        return digests
    }

    /// Adds a digest unless one with its number exists (another instance wrote it first): true
    /// when this one was written.
    func append(_ digest: TrailDigest, on connection: PostgresConnection) async throws -> Bool {
        let rows = try await connection.ask(
            """
            INSERT INTO trail_digests(\(unescaped: Self.digestColumns)) VALUES (
            \(digest.account.rawValue), \(digest.number), \(digest.startMillis), \(digest.endMillis),
            \(digest.firstSequence), \(digest.lastSequence), \(ByteBuffer(bytes: digest.firstHash)),
            \(ByteBuffer(bytes: digest.lastHash)), \(ByteBuffer(bytes: digest.previousSignature)),
            \(ByteBuffer(bytes: digest.signature))) ON CONFLICT (account, number) DO NOTHING RETURNING number
            """, logger: logger)
        for try await _ in rows { return true }
        return false
    }

    /// Deletes events older than `millis` and the posting lists that name only such events.
    func prune(before millis: Int64, on connection: PostgresConnection) async throws -> Int {
        try await connection.ask("DELETE FROM trail_postings WHERE max_time_ms < \(millis)", logger: logger)
        let rows = try await connection.ask(
            "WITH gone AS (DELETE FROM trail_events WHERE time_ms < \(millis) RETURNING 1) SELECT COUNT(*) FROM gone",
            logger: logger)
        for try await count in rows.decode(Int64.self) { return Int(count) }
        return 0
    }

    /// A row selected with `eventColumns`, as its position and chain link.
    static func link(_ row: PostgresRow) throws -> (position: Int64, link: TrailLink) {
        let cells = row.makeRandomAccess()
        let position = try cells[0].decode(Int64.self)
        let accountText = try cells[1].decode(String.self)
        guard let account = AccountID(accountText) else {
            throw StoreError.corruptRecord(kind: "trail-event", key: String(position))
        }
        let event = TrailEvent(
            account: account, organization: try cells[2].decode(String?.self),
            time: Date(timeIntervalSince1970: Double(try cells[3].decode(Int64.self)) / 1000),
            eventId: try cells[4].decode(String.self), eventName: try cells[5].decode(String.self),
            eventSource: try cells[6].decode(String.self), username: try cells[7].decode(String?.self),
            accessKeyId: try cells[8].decode(String?.self), readOnly: try cells[9].decode(Bool.self),
            resources: TrailResourcesText.decode(try cells[10].decode(String.self)),
            body: try cells[11].decode(String.self))
        let link = TrailLink(
            sequence: try cells[12].decode(Int64.self), event: event,
            previousHash: try cells[13].decode(ByteBuffer.self).bytes,
            hash: try cells[14].decode(ByteBuffer.self).bytes,
            facts: try cells[15].decode(ByteBuffer?.self).map(\.bytes))
        return (position, link)
    }
}

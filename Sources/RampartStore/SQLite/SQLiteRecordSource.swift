import Foundation
import RampartCore
import Synchronization

/// Reads stored records for the working-set mode, on a connection of its own (WAL lets it read
/// beside the writer). Its statements are prepared once and used under its lock.
final class SQLiteRecordSource: RecordSource {
    private struct Statements {
        let database: SQLiteDatabase
        let record: SQLiteStatement
        let byAccount: SQLiteStatement
        let count: SQLiteStatement
        let byKind: SQLiteStatement
        let account: SQLiteStatement
        let size: SQLiteStatement
    }

    private let statements: Mutex<Statements>
    private let codec: RecordCodec

    /// `partitioned` are the kinds an account's load reads (every registered kind but the global ones).
    init(path: String, codec: RecordCodec, partitioned: [RecordKind]) throws(StoreError) {
        let database = try SQLiteDatabase(path: path)
        // Kind names are constants of the code, quoted all the same; an IN list on the index's first
        // column lets SQLite probe (kind, account) once per kind instead of scanning the table.
        let quoted = partitioned.map { "'" + $0.name.replacingOccurrences(of: "'", with: "''") + "'" }
            .joined(separator: ", ")
        let kinds = quoted.isEmpty ? "''" : quoted
        statements = Mutex(
            Statements(
                database: database,
                record: try database.prepare("SELECT account, body FROM records WHERE kind = ? AND key = ?"),
                byAccount: try database.prepare("SELECT key, body FROM records WHERE kind = ? AND account = ?"),
                count: try database.prepare("SELECT COUNT(*) FROM records WHERE kind = ? AND account = ?"),
                byKind: try database.prepare("SELECT key, body FROM records WHERE kind = ?"),
                account: try database.prepare(
                    "SELECT kind, key, body FROM records WHERE kind IN (\(kinds)) AND account = ?"),
                size: try database.prepare(
                    "SELECT COALESCE(SUM(LENGTH(body)), 0) FROM records WHERE kind IN (\(kinds)) AND account = ?")
            ))
        self.codec = codec
    }

    func record(kind: RecordKind, key: String) -> (any Record)? {
        statements.withLock { statements in
            var found: (any Record)?
            try? statements.record.forEachRowWhile([.text(kind.name), .text(key)]) { row in
                found = try codec.decode(kind: kind.name, key: key, body: Data(row.blob(1)))
                return false
            }
            return found
        }
    }

    func records(kind: RecordKind, account: String) -> [any Record] {
        statements.withLock { read($0.byAccount, kind: kind, [.text(kind.name), .text(account)]) }
    }

    func count(kind: RecordKind, account: String) -> Int {
        statements.withLock { statements in
            var count = 0
            try? statements.count.forEachRow([.text(kind.name), .text(account)]) { count = Int($0.integer(0)) }
            return count
        }
    }

    func records(kind: RecordKind) -> [any Record] {
        statements.withLock { read($0.byKind, kind: kind, [.text(kind.name)]) }
    }

    func accountRecords(_ account: String) -> (records: [any Record], bytes: Int)? {
        statements.withLock { statements in
            var records = [any Record]()
            var bytes = 0
            do {
                try statements.account.forEachRow([.text(account)]) { row in
                    let body = row.blob(2)
                    bytes += body.count
                    records.append(try codec.decode(kind: row.text(0), key: row.text(1), body: Data(body)))
                }
            } catch {
                return nil
            }
            return (records, bytes)
        }
    }

    func storedBytes(_ account: String) -> Int? {
        statements.withLock { statements in
            var bytes: Int?
            try? statements.size.forEachRow([.text(account)]) { bytes = Int($0.integer(0)) }
            return bytes
        }
    }

    private func read(_ statement: SQLiteStatement, kind: RecordKind, _ values: [SQLiteValue]) -> [any Record] {
        var records = [any Record]()
        try? statement.forEachRow(values) { row in
            records.append(try codec.decode(kind: kind.name, key: row.text(0), body: Data(row.blob(1))))
        }
        return records
    }
}

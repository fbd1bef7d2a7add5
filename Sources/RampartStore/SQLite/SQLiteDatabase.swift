import CSQLite

/// A thin owner of one SQLite connection. Not thread-safe by itself: `SQLiteStore` only
/// touches it while holding its lock.
final class SQLiteDatabase {
    /// Internal so that `SQLiteBackup` can hand both ends of a copy to `sqlite3_backup_init`.
    private(set) var handle: OpaquePointer?

    init(path: String, readOnly: Bool = false) throws(StoreError) {
        let flags =
            (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &handle, flags, nil)
        guard status == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(handle)
            throw StoreError.database("open \(path): \(message)")
        }
        sqlite3_busy_timeout(handle, 5000)
    }

    deinit { sqlite3_close(handle) }

    func execute(_ sql: String) throws(StoreError) {
        var error: UnsafeMutablePointer<CChar>?
        if sqlite3_exec(handle, sql, nil, nil, &error) != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? "unknown"
            sqlite3_free(error)
            throw StoreError.database(message)
        }
    }

    func prepare(_ sql: String) throws(StoreError) -> SQLiteStatement {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw StoreError.database(lastError)
        }
        return SQLiteStatement(statement, database: self)
    }

    var changes: Int32 { sqlite3_changes(handle) }

    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    var lastError: String { String(cString: sqlite3_errmsg(handle)) }
}

/// A prepared statement, reset after each use so it can be cached.
final class SQLiteStatement {
    private let statement: OpaquePointer
    private unowned let database: SQLiteDatabase

    init(_ statement: OpaquePointer, database: SQLiteDatabase) {
        self.statement = statement
        self.database = database
    }

    deinit { sqlite3_finalize(statement) }

    func bind(_ values: [SQLiteValue]) {
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
        for (index, value) in values.enumerated() {
            let position = Int32(index + 1)
            switch value {
            case .text(let text):
                sqlite3_bind_text(statement, position, text, -1, SQLITE_TRANSIENT)
            case .blob(let bytes):
                bytes.withUnsafeBytes { buffer in
                    _ = sqlite3_bind_blob(
                        statement, position, buffer.baseAddress, Int32(buffer.count), SQLITE_TRANSIENT)
                }
            case .integer(let number):
                sqlite3_bind_int64(statement, position, number)
            case .null:
                sqlite3_bind_null(statement, position)
            }
        }
    }

    /// Runs a statement that returns no rows.
    func run(_ values: [SQLiteValue]) throws(StoreError) {
        bind(values)
        defer { sqlite3_reset(statement) }
        guard sqlite3_step(statement) == SQLITE_DONE else { throw StoreError.database(database.lastError) }
    }

    /// Steps through every row, handing the caller a row reader.
    func forEachRow(_ values: [SQLiteValue], _ body: (SQLiteRow) throws -> Void) throws {
        try forEachRowWhile(values) { row in
            try body(row)
            return true
        }
    }
}

extension SQLiteStatement {
    /// Steps through rows while `body` returns true: a reader that has what it needs stops reading.
    func forEachRowWhile(_ values: [SQLiteValue], _ body: (SQLiteRow) throws -> Bool) throws {
        bind(values)
        defer { sqlite3_reset(statement) }
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { return }
            guard status == SQLITE_ROW else { throw StoreError.database(database.lastError) }
            guard try body(SQLiteRow(statement: statement)) else { return }
        }
    }
}

struct SQLiteRow {
    let statement: OpaquePointer

    func text(_ column: Int32) -> String {
        guard let pointer = sqlite3_column_text(statement, column) else { return "" }
        return String(cString: pointer)
    }

    func integer(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }

    /// The text of a column, nil when it is NULL.
    func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }

    func blob(_ column: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(statement, column))
        guard count > 0, let pointer = sqlite3_column_blob(statement, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}

enum SQLiteValue {
    case text(String)
    case blob([UInt8])
    case integer(Int64)
    case null

    static func optional(_ text: String?) -> SQLiteValue { text.map(SQLiteValue.text) ?? .null }
}

// SQLite's "copy this buffer now" destructor, which the C macro expresses as a cast of -1.
let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

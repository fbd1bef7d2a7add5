import NIOCore
import PostgresNIO

/// Multi-row statements: one round trip for many rows instead of one each, in chunks that stay
/// under the protocol's 65,535 parameters.
enum PostgresRows {
    /// `prefix` followed by `VALUES ($1, …), (…)` for `rows` rows of `columns` parameters, then `suffix`;
    /// the parameters are numbered from `first`.
    static func values(_ prefix: String, columns: Int, rows: Int, suffix: String = "", from first: Int = 1) -> String {
        var sql = prefix + " VALUES "
        sql.reserveCapacity(prefix.count + rows * columns * 5 + suffix.count)
        var parameter = first
        for row in 0..<rows {
            if row > 0 { sql += ", " }
            sql += "("
            for column in 0..<columns {
                if column > 0 { sql += ", " }
                sql += "$\(parameter)"
                parameter += 1
            }
            sql += ")"
        }
        return sql + suffix
    }

    /// How many rows of `columns` parameters one statement may carry.
    static func chunk(columns: Int) -> Int { max(1, 60_000 / columns) }

    /// Runs the multi-row statement over `items` in chunks, `bind` appending each item's parameters.
    static func insert<Item>(
        _ items: some Collection<Item>, prefix: String, columns: Int, suffix: String = "",
        on connection: PostgresConnection, logger: Logger, bind: (Item, inout PostgresBindings) throws -> Void
    ) async throws {
        var items = items[...]
        let size = chunk(columns: columns)
        while !items.isEmpty {
            let part = items.prefix(size)
            items = items.dropFirst(part.count)
            var binds = PostgresBindings(capacity: part.count * columns)
            for item in part { try bind(item, &binds) }
            let sql = values(prefix, columns: columns, rows: part.count, suffix: suffix)
            try await connection.ask(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
        }
    }
}

extension ByteBuffer {
    init(bytes: [UInt8]) {
        self = ByteBufferAllocator().buffer(capacity: bytes.count)
        writeBytes(bytes)
    }

    var bytes: [UInt8] { Array(readableBytesView) }
}

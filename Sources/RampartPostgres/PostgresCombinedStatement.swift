import PostgresNIO

/// Several data-changing statements sent as one `WITH … SELECT …`, each a data-modifying part of it:
/// PostgreSQL runs every part to completion whether or not the final SELECT reads it, so a write's
/// change-log rows, records, deletions and trail rows cost one round trip instead of one each. The
/// parts share one snapshot and cannot see one another's effects: they must touch different rows.
struct PostgresCombinedStatement {
    private var parts: [String] = []
    private(set) var binds = PostgresBindings()
    private var next = 1

    /// Parameters one statement may carry (the protocol's limit is 65,535).
    static let parameterLimit = 60_000

    var parameters: Int { next - 1 }

    /// Adds `prefix VALUES (…), (…) suffix` over `items`, `bind` appending each item's `columns` parameters.
    mutating func values<Item>(
        _ items: some Collection<Item>, prefix: String, columns: Int, suffix: String = "",
        bind: (Item, inout PostgresBindings) throws -> Void
    ) rethrows {
        guard !items.isEmpty else { return }
        for item in items { try bind(item, &binds) }
        parts.append(PostgresRows.values(prefix, columns: columns, rows: items.count, suffix: suffix, from: next))
        next += items.count * columns
    }

    /// The statement: every part, then `SELECT` of `final` with its parameters (numbered after the parts').
    func query(final: (Int) -> String, finalBinds: (inout PostgresBindings) -> Void) -> PostgresQuery {
        var binds = binds
        finalBinds(&binds)
        var sql = ""
        for (index, part) in parts.enumerated() {
            sql += index == 0 ? "WITH " : ", "
            sql += "w\(index) AS (\(part))"
        }
        sql += (parts.isEmpty ? "" : " ") + "SELECT " + final(next)
        return PostgresQuery(unsafeSQL: sql, binds: binds)
    }
}

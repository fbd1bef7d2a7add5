import RampartWire

/// Reads one named value from a page's query string (`expired=session`), for the few pages that say why
/// the browser was sent to them. Each caller accepts only its own known values.
enum PageQuery {
    static func value(_ name: String, in query: String) -> String? {
        (try? QueryInput(formEncoded: Array(query.utf8)))?[name]
    }
}

/// What a queued event is made from: a read's or a refusal's call, which the store's trail writer
/// turns into what it keeps, off the request's thread. A store that keeps a row per event makes the
/// record (`event(id:)`); the SQLite store keeps the call's facts instead (`write(into:)`) and renders
/// them when the event is read, with a `TrailFactsRenderer`.
public protocol TrailEventSource: Sendable {
    /// The event with its record rendered, `id` as its `eventID`.
    func event(id: String) -> TrailEvent
    /// The event without its id and record: the facts the lookup index finds it by.
    var lookupEvent: TrailEvent { get }
    /// Appends the facts a `TrailFactsRenderer` makes the event from.
    func write(into writer: inout FactsWriter)
}

/// Makes an event kept as facts (`TrailEventSource.write(into:)`) back into the event, with the id its
/// store gives it. The same facts and id make the same record, byte for byte, every time.
public protocol TrailFactsRenderer: Sendable {
    func event(facts: ArraySlice<UInt8>, id: String) throws(FactsError) -> TrailEvent
}

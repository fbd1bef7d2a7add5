import RampartCore

/// A call whose event is queued (a read, a refusal, a write that changed nothing): the store's trail
/// writer makes its record, or keeps its facts (`APICallFacts`), off the request's thread.
struct APICallEventSource: TrailEventSource {
    let call: APICall
    let error: AWSError?
    let responseElements: TrailValue?
    let identities: UserIdentityCache?

    func event(id: String) -> TrailEvent {
        call.record(eventId: id, error: error, responseElements: responseElements, identities: identities).trailEvent
    }

    var lookupEvent: TrailEvent {
        call.lookupEvent(error: error, responseElements: responseElements)
    }

    func write(into writer: inout FactsWriter) {
        APICallFacts.write(call, error: error, responseElements: responseElements, into: &writer)
    }
}

/// Makes an API call's event from the facts `APICallEventSource` kept: the same record its source makes.
public struct APICallFactsRenderer: TrailFactsRenderer {
    public init() {}

    public func event(facts: ArraySlice<UInt8>, id: String) throws(FactsError) -> TrailEvent {
        var reader = FactsReader(facts)
        let (call, error, responseElements) = try APICallFacts.read(&reader)
        guard reader.isAtEnd else { throw FactsError.malformed("bytes after a call's facts") }
        return call.record(eventId: id, error: error, responseElements: responseElements).trailEvent
    }
}

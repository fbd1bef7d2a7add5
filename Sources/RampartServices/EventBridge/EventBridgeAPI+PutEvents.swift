import Foundation
import RampartCore

extension EventBridgeAPI {
    public func putEvents(
        _ input: EventBridge.PutEventsRequest, _ call: CallContext
    ) async throws -> EventBridge.PutEventsResponse {
        var results: [EventBridge.PutEventsResultEntry] = []
        var accepted: [BusEvent] = []
        for entry in input.entries {
            switch Self.busEvent(entry, call) {
            case .success(let event):
                accepted.append(event)
                results.append(.init(eventId: event.id))
            case .failure(let failure):
                results.append(.init(errorCode: failure.code, errorMessage: failure.message))
            }
        }
        bus.offer(accepted)
        return EventBridge.PutEventsResponse(
            failedEntryCount: results.filter { $0.errorCode != nil }.count, entries: results)
    }

    struct EntryFailure: Error {
        var code: String
        var message: String
    }

    /// An entry as an event of the caller's default bus, or the reason it is refused (AWS answers
    /// each entry on its own: one bad entry does not fail the others).
    static func busEvent(_ entry: EventBridge.PutEventsRequestEntry, _ call: CallContext) -> Result<
        BusEvent, EntryFailure
    > {
        for (name, value) in [("Source", entry.source), ("DetailType", entry.detailType), ("Detail", entry.detail)]
        where value?.isEmpty ?? true {
            return .failure(
                EntryFailure(
                    code: "InvalidArgument",
                    message: "Parameter \(name) is not valid. Reason: \(name) is a required argument."))
        }
        if let bus = entry.eventBusName, !bus.isEmpty, (try? checkBus(bus)) == nil {
            return .failure(
                EntryFailure(code: "ResourceNotFoundException", message: "Event bus \(bus) does not exist."))
        }
        // Sources starting `aws.` are AWS's own (the trail's events use them); nobody may forge them.
        if entry.source!.hasPrefix("aws.") {
            return .failure(
                EntryFailure(code: "NotAuthorizedForSourceException", message: "Not authorized for the source."))
        }
        guard let detail = EventJSON(parsing: entry.detail!), case .object = detail else {
            return .failure(EntryFailure(code: "MalformedDetail", message: "Detail is malformed."))
        }
        return .success(
            BusEvent(
                id: UUID().uuidString.lowercased(), detailType: entry.detailType!, source: entry.source!,
                account: call.principal.account, time: entry.time ?? call.now, region: call.region,
                resources: entry.resources ?? [], detail: detail))
    }
}

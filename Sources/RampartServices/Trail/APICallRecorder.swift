import RampartCore
import RampartStore

/// Writes each API call's event exactly once, wherever the call comes from (the wire API, or the
/// console acting as its signed-in principal): with the first write that is the call's effect, in
/// that write's transaction, or after the call for reads, refusals and writes that changed nothing.
public struct APICallRecorder: Sendable {
    let store: any Store
    let eventIds: AWSRequestIDs
    let identities: UserIdentityCache

    public init(
        store: any Store, eventIds: AWSRequestIDs = AWSRequestIDs(), identities: UserIdentityCache = UserIdentityCache()
    ) {
        self.store = store
        self.eventIds = eventIds
        self.identities = identities
    }

    /// Runs an operation with its call bound to the task, so the first write it makes commits the
    /// call's event with it (see `TrailCall`).
    public func run<T: Sendable>(
        _ call: APICall, trail: TrailCall, _ operation: () async throws -> T
    ) async rethrows -> T {
        // IAM's reads change nothing and report nothing: their event is written after the call
        // (`finish`), and binding them cost every read a closure and a task-local value.
        if call.service == "iam", APICall.isReadOnly(call.action) { return try await operation() }
        let eventIds = eventIds
        let identities = identities
        trail.bind { [weak trail] writeResult in
            guard Self.isEffect(call, writeResult) else { return nil }
            return call.record(
                eventId: eventIds.next(), error: nil,
                responseElements: TrailResponseElements.of(
                    action: call.action, writeResult: writeResult, partition: call.principal.partition)
                    ?? trail?.responseElements,
                identities: identities
            ).trailEvent
        }
        return try await TrailCall.$current.withValue(trail) { try await operation() }
    }

    /// Queues the call's event unless a write already committed it: every read, every refusal
    /// after authentication, and writes that changed nothing.
    public func finish(_ call: APICall, trail: TrailCall, error: AWSError?) {
        guard !trail.isRecorded else { return }
        let responseElements = trail.responseElements
        // Only an AssumeRole of another account's role needs the store: every other call (every read
        // among them) is queued pending, and the store's writer builds and renders its record, or keeps
        // its facts, off the request's thread.
        guard CrossAccountEvent.namedAccount(of: call) != nil else {
            let source = APICallEventSource(
                call: call, error: error, responseElements: responseElements, identities: identities)
            store.recordTrail([TrailEvent(pendingIn: call.principal.account, at: call.time, source: source)])
            return
        }
        var record = call.record(
            eventId: eventIds.next(), error: error, responseElements: responseElements, identities: identities)
        let snapshot = store.snapshot()
        guard let other = CrossAccountEvent.resourceAccount(of: call, in: snapshot) else {
            store.recordTrail([record.trailEvent])
            return
        }
        let copy = CrossAccountEvent.copy(
            of: &record, caller: call.principal, into: other, eventId: eventIds.next(), sharedId: eventIds.next(),
            snapshot: snapshot)
        store.recordTrail([record.trailEvent, copy.trailEvent])
    }

    /// Whether a write is what the call did, so its event commits with it. STS's writes are
    /// bookkeeping (a role's last use, an MFA code's counters) of calls that issue credentials:
    /// their events are written after the call, with the credentials they answered. A refused
    /// MFA code's counters are bookkeeping of a call that fails.
    public static func isEffect(_ call: APICall, _ writeResult: Any) -> Bool {
        if call.service == "sts" { return false }
        if let outcome = writeResult as? MFAOutcome, case .accepted = outcome { return true }
        return !(writeResult is MFAOutcome)
    }
}

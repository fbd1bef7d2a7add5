import Foundation
import RampartCore
import RampartStore
import Synchronization

/// Each account's default bus: takes events (from `PutEvents` and from the audit trail) without
/// waiting, matches them against the enabled rules, and delivers each match to its targets on a
/// task of its own, so a slow or failing receiver never holds up requests or other deliveries.
///
/// A delivery is tried once, then again after each back-off (`RetrySchedule`) while the target's
/// `RetryPolicy` allows (`MaximumRetryAttempts`, `MaximumEventAgeInSeconds`); what still failed is
/// written to the dead-letter folder. Every (event, rule, target) pair is one delivery, sent until
/// the first success and never after it. A delivery waiting for a retry is also saved in the
/// pending-deliveries folder, so a server that stops resumes it at its next start (events still
/// being matched when it stops are lost).
public final class EventBus: Sendable {
    let store: any Store
    let sender: any EventSender
    let authorizer: ConnectionAuthorizer
    let deadLetters: DeadLetterFolder
    public let outbox: EmailOutbox
    let email: EmailRouting?
    let pending: PendingDeliveryFolder
    let retries: RetrySchedule
    private let inbox: AsyncStream<Incoming>
    private let continuation: AsyncStream<Incoming>.Continuation
    private let limiters = Mutex<[String: RateLimiter]>([:])
    private let delivered = Atomic<Int>(0)

    public init(
        environment: ServiceEnvironment, sender: any EventSender, deadLetters: DeadLetterFolder, outbox: EmailOutbox,
        pending: PendingDeliveryFolder, email: EmailRouting? = nil, retries: RetrySchedule = RetrySchedule()
    ) {
        self.store = environment.store
        self.sender = sender
        self.authorizer = ConnectionAuthorizer(secrets: environment.secrets, sender: sender)
        self.deadLetters = deadLetters
        self.outbox = outbox
        self.email = email
        self.pending = pending
        self.retries = retries
        (inbox, continuation) = AsyncStream.makeStream(of: Incoming.self)
    }

    /// What the bus is offered: events of `PutEvents`, or the trail's events, turned into bus events
    /// by the matching task (the trail offers them under the store's write lock, which must not wait
    /// for JSON parsing).
    enum Incoming: Sendable {
        case events([BusEvent])
        case trail([TrailEvent])
        /// A scheduled rule's event, for that rule's targets alone.
        case scheduled(BusEvent, rule: String)
    }

    /// Queues events for matching; returns at once.
    public func offer(_ events: [BusEvent]) {
        guard !events.isEmpty else { return }
        continuation.yield(.events(events))
    }

    /// The audit trail's events, as CloudTrail hands them to EventBridge; returns at once.
    public func offer(trail events: [TrailEvent]) {
        guard !events.isEmpty else { return }
        continuation.yield(.trail(events))
    }

    /// A scheduled rule's event (see `ScheduleTracker`); returns at once.
    public func offer(scheduled event: BusEvent, rule: String) {
        continuation.yield(.scheduled(event, rule: rule))
    }

    /// How many deliveries succeeded since start (for tests and logs).
    public var deliveredCount: Int { delivered.load(ordering: .relaxed) }

    /// Matches and delivers until the task is cancelled.
    public func run() async {
        await withDiscardingTaskGroup { group in
            let snapshot = store.snapshot()
            for entry in pending.all() {
                guard let delivery = Self.delivery(resuming: entry, in: snapshot) else {
                    // The rule or the target went away while the server was stopped.
                    deadLetter(
                        Delivery(
                            event: entry.event, rule: entry.rule, target: EventTarget(id: entry.targetId, arn: ""),
                            destination: nil, connection: nil), attempts: entry.attempts,
                        reason: "The rule or target no longer exists; last failure: \(entry.lastFailure)")
                    pending.remove(entry)
                    continue
                }
                group.addTask { await self.deliver(delivery, resuming: entry) }
            }
            for await incoming in inbox {
                let snapshot = store.snapshot()
                let batch: [BusEvent]
                switch incoming {
                case .scheduled(let event, let name):
                    guard let rule = snapshot.get(EventRule.self, EventRule.key(event.account, name)) else { continue }
                    for delivery in Self.deliveries(of: event, to: rule, in: snapshot) {
                        group.addTask { await self.deliver(delivery) }
                    }
                    continue
                case .events(let events): batch = events
                case .trail(let events):
                    // Only accounts with rules pay for reading the records (asked once per account: a batch
                    // of reads is thousands of one account's events).
                    var ruled: [AccountID: Bool] = [:]
                    batch = events.filter { event in
                        if let known = ruled[event.account] { return known }
                        let found = snapshot.count(EventRule.self, account: event.account.rawValue) > 0
                        ruled[event.account] = found
                        return found
                    }.compactMap(BusEvent.init(trail:))
                }
                for event in batch {
                    for delivery in Self.deliveries(of: event, in: snapshot) {
                        group.addTask { await self.deliver(delivery) }
                    }
                }
            }
        }
    }

    public func stop() {
        continuation.finish()
    }

    struct Delivery: Sendable {
        var event: BusEvent
        var rule: String
        var target: EventTarget
        var destination: APIDestination?
        var connection: EventConnection?
    }

    /// The targets of every enabled rule of the event's account whose pattern matches it.
    static func deliveries(of event: BusEvent, in snapshot: StoreSnapshot) -> [Delivery] {
        let envelope = event.envelope
        var deliveries: [Delivery] = []
        for rule in snapshot.all(EventRule.self, account: event.account.rawValue).sorted(by: { $0.name < $1.name }) {
            let sees =
                rule.state == EventRule.enabledWithReadOnlyEvents
                || (rule.state == EventRule.enabled && !event.readOnly)
            guard sees, let text = rule.eventPattern, let pattern = try? EventPattern(json: text),
                pattern.matches(envelope)
            else { continue }
            deliveries += Self.deliveries(of: event, to: rule, in: snapshot)
        }
        return deliveries
    }

    /// One delivery per target of `rule`.
    static func deliveries(of event: BusEvent, to rule: EventRule, in snapshot: StoreSnapshot) -> [Delivery] {
        rule.targets.map { target in
            let destination = APIDestination.name(fromArn: target.arn).flatMap {
                snapshot.get(APIDestination.self, APIDestination.key(event.account, $0))
            }
            let connection = destination.flatMap {
                snapshot.get(EventConnection.self, EventConnection.key(event.account, $0.connectionName))
            }
            return Delivery(
                event: event, rule: rule.name, target: target, destination: destination, connection: connection)
        }
    }

    enum Outcome {
        case delivered
        case retry(String)
        case fail(String)
    }

    /// A saved delivery with its rule's target as the store has it now; nil when either is gone.
    static func delivery(resuming entry: PendingDelivery, in snapshot: StoreSnapshot) -> Delivery? {
        guard let rule = snapshot.get(EventRule.self, EventRule.key(entry.event.account, entry.rule)) else {
            return nil
        }
        var only = rule
        only.targets = rule.targets.filter { $0.id == entry.targetId }
        return deliveries(of: entry.event, to: only, in: snapshot).first
    }

    func deliver(_ delivery: Delivery, resuming saved: PendingDelivery? = nil) async {
        let firstAttemptAt = saved?.firstAttemptAt ?? Date()
        let attempts = 1 + (delivery.target.maximumRetryAttempts ?? EventTarget.defaultRetryAttempts)
        let maximumAge = TimeInterval(delivery.target.maximumEventAgeInSeconds ?? EventTarget.defaultEventAgeSeconds)
        var attempt = saved?.attempts ?? 0
        var entry = saved
        while true {
            attempt += 1
            let outcome = await send(delivery)
            let reason: String
            switch outcome {
            case .delivered:
                delivered.add(1, ordering: .relaxed)
                entry.map(pending.remove)
                return
            case .fail(let why):
                reason = why
            case .retry(let why):
                let wait = retries.delay(after: attempt)
                let waitSeconds = Double(wait.components.seconds) + Double(wait.components.attoseconds) / 1e18
                if attempt < attempts,
                    Date().addingTimeInterval(waitSeconds).timeIntervalSince(firstAttemptAt) <= maximumAge
                {
                    let waiting = PendingDelivery(
                        rule: delivery.rule, targetId: delivery.target.id, attempts: attempt,
                        firstAttemptAt: firstAttemptAt, lastFailure: why, event: delivery.event)
                    // Saved before the wait, so a stop during it leaves the delivery for the next start.
                    if (try? pending.save(waiting)) != nil { entry = waiting }
                    if !Task.isCancelled { try? await Task.sleep(for: wait) }
                    if !Task.isCancelled { continue }
                    if entry != nil { return }
                    reason = "The server stopped before the next attempt and could not save it; last failure: \(why)"
                } else {
                    reason = why
                }
            }
            deadLetter(delivery, attempts: attempt, reason: reason)
            entry.map(pending.remove)
            return
        }
    }

    func send(_ delivery: Delivery) async -> Outcome {
        if let topic = EmailOutbox.topic(of: delivery.target.arn) {
            return await sendEmail(delivery, topic: topic)
        }
        guard let destination = delivery.destination else {
            return .fail("The API destination \(delivery.target.arn) does not exist.")
        }
        guard let connection = delivery.connection else {
            return .fail("The connection of API destination \(destination.name) does not exist.")
        }
        await limiter(for: destination).acquire()
        var request = OutgoingRequest(
            method: destination.httpMethod,
            url: Self.url(destination.invocationEndpoint, query: delivery.target.queryStringParameters),
            headers: delivery.target.headerParameters ?? [:],
            body: Array(TargetInput.body(for: delivery.target, event: delivery.event.envelope).utf8))
        request.headers["Content-Type"] = "application/json; charset=utf-8"
        request.headers["User-Agent"] = "Amazon/EventBridge/ApiDestinations"
        do {
            try await authorizer.authorize(&request, with: connection)
        } catch {
            switch error {
            case .secretUnreadable: return .fail("The connection's secret cannot be read.")
            case .tokenRefused(let why): return .retry(why)
            }
        }
        guard let response = await sender.send(request) else {
            return .retry("no response from \(destination.invocationEndpoint)")
        }
        if (200..<300).contains(response.status) { return .delivered }
        if response.status == 401 { authorizer.forgetToken(of: connection) }
        let why = "\(destination.invocationEndpoint) answered HTTP \(response.status)"
        return RetrySchedule.isRetryable(status: response.status) ? .retry(why) : .fail(why)
    }

    /// To the topic's subscribers over SMTP when a mail server is configured, else to the outbox.
    func sendEmail(_ delivery: Delivery, topic: String) async -> Outcome {
        var message = EmailMessage(
            from: "no-reply@sns.amazonaws.com", to: [], topicArn: delivery.target.arn, eventId: delivery.event.id,
            targetId: delivery.target.id, body: TargetInput.body(for: delivery.target, event: delivery.event.envelope),
            date: Date())
        guard let email, let recipients = email.subscriptions[topic], !recipients.isEmpty else {
            do {
                try outbox.write(message)
                return .delivered
            } catch {
                return .retry("the outbox cannot be written: \(error)")
            }
        }
        message.from = email.sender
        message.to = recipients
        let mail = MailEnvelope(
            sender: email.sender, recipients: recipients, message: Array(message.rendered(.quotedPrintable).utf8))
        switch await email.mailer.send(mail) {
        case .sent: return .delivered
        case .transient(let why): return .retry(why)
        case .permanent(let why): return .fail(why)
        }
    }

    /// Where a delivery goes, for its dead letter: the API destination's endpoint or the mail's recipients.
    func endpoint(of delivery: Delivery) -> String {
        if let destination = delivery.destination { return destination.invocationEndpoint }
        if let topic = EmailOutbox.topic(of: delivery.target.arn), let recipients = email?.subscriptions[topic],
            !recipients.isEmpty
        {
            return "mailto:" + recipients.joined(separator: ",")
        }
        return ""
    }

    func limiter(for destination: APIDestination) -> RateLimiter {
        limiters.withLock { limiters in
            let key = "\(destination.recordKey)/\(destination.id)/\(destination.invocationRateLimitPerSecond)"
            if let limiter = limiters[key] { return limiter }
            let limiter = RateLimiter(perSecond: destination.invocationRateLimitPerSecond)
            limiters[key] = limiter
            return limiter
        }
    }

    static func url(_ endpoint: String, query: [String: String]?) -> String {
        guard let query, !query.isEmpty, var components = URLComponents(string: endpoint) else { return endpoint }
        components.queryItems =
            (components.queryItems ?? []) + query.keys.sorted().map { URLQueryItem(name: $0, value: query[$0]) }
        return components.string ?? endpoint
    }

    func deadLetter(_ delivery: Delivery, attempts: Int, reason: String) {
        let letter = DeadLetter(
            rule: delivery.rule, targetId: delivery.target.id, targetArn: delivery.target.arn,
            deadLetterArn: delivery.target.deadLetterArn, endpoint: endpoint(of: delivery),
            attempts: attempts, reason: reason, failedAt: Date(), event: delivery.event)
        try? deadLetters.write(letter)
    }
}

extension APIDestination {
    /// `arn:…:api-destination/<name>/<id>` → name.
    static func name(fromArn arn: String) -> String? {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6 else { return nil }
        let path = parts[5].split(separator: "/")
        guard path.count >= 2, path[0] == "api-destination" else { return nil }
        return String(path[1])
    }
}

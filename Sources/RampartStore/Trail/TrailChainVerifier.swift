import Crypto
import RampartCore

/// Checks one account's trail: its digests when made, then its chain page by page in sequence
/// order (`check`), then what the digests promised that the chain never showed (`finish`).
/// Pure: it reads nothing, so tests feed it links and digests directly.
///
/// Each event is compared with the stored hash of the event before it, not with a recomputed
/// one, so an edited event is reported once, not again at every event after it.
public struct TrailChainVerifier {
    public let account: AccountID
    public private(set) var problems: [TrailProblem] = []
    public private(set) var notes: [String] = []
    public private(set) var events = 0
    /// The sequences whose events are checked against the digests; outside it (a `--from`/`--to`
    /// window, or events pruned by retention) a digest's hashes are not looked for.
    let window: ClosedRange<Int64>
    /// Hashes the valid digests signed, by the sequence they name.
    private var promised: [Int64: [(digest: Int64, hash: [UInt8], first: Int64)]] = [:]
    private var lastCovered: Int64 = 0
    private var previous: (sequence: Int64, hash: [UInt8])?
    private var firstSeen: Int64?
    private var rewriteReported = false
    /// Events already named as moved, so the links around a swap are not each reported again.
    private var moved: Set<Int64> = []

    static let genesis = [UInt8](repeating: 0, count: 32)

    public init(
        account: AccountID, digests: [TrailDigest], key: TrailVerifyingKey, window: ClosedRange<Int64> = 1...Int64.max
    ) {
        self.init(account: account, digests: digests, keys: TrailKeyHistory(single: key), window: window)
    }

    /// `keys`: every key that signed digests, each in its period (the signing key may have rotated).
    public init(
        account: AccountID, digests: [TrailDigest], keys: TrailKeyHistory, window: ClosedRange<Int64> = 1...Int64.max
    ) {
        self.account = account
        self.window = window
        checkDigests(digests, keys: keys)
    }

    /// Digests are numbered from 1 and each names the signature of the one before it.
    private mutating func checkDigests(_ digests: [TrailDigest], keys: TrailKeyHistory) {
        var expected: Int64 = 1
        var before: TrailDigest?
        for digest in digests {
            guard digest.account == account, keys.verifies(digest) else {
                problems.append(digestProblem(.digestForged, digest, "its signature does not verify"))
                expected = digest.number + 1
                before = nil
                continue
            }
            if digest.number > expected {
                let missing = expected == digest.number - 1 ? "\(expected)" : "\(expected)…\(digest.number - 1)"
                problems.append(
                    digestProblem(.digestRemoved, digest, "digest \(missing) before it is missing"))
            } else if digest.number < expected {
                problems.append(digestProblem(.digestForged, digest, "its number repeats"))
            } else if let before, digest.previousSignature != before.signature {
                problems.append(
                    digestProblem(
                        .digestRemoved, digest,
                        "the previous signature it names is not digest \(before.number)'s: a digest was removed or replaced"
                    ))
            }
            for (sequence, hash) in [(digest.firstSequence, digest.firstHash), (digest.lastSequence, digest.lastHash)]
            where window.contains(sequence) {
                promised[sequence, default: []].append((digest.number, hash, digest.firstSequence))
            }
            lastCovered = max(lastCovered, digest.lastSequence)
            expected = digest.number + 1
            before = digest
        }
    }

    /// The next page of the chain, in sequence order, continuing the previous page.
    public mutating func check(_ page: [TrailLink]) {
        var located: [[UInt8]: Int]?
        for (index, link) in page.enumerated() {
            events += 1
            let computed = Self.hash(link)
            var linked = true
            if let previous {
                if link.sequence == previous.sequence {
                    problems.append(eventProblem(.inserted, link, "a second event with this sequence"))
                    linked = false
                } else if link.sequence > previous.sequence + 1 {
                    let gap =
                        link.sequence == previous.sequence + 2
                        ? "event \(previous.sequence + 1) is"
                        : "events \(previous.sequence + 1)…\(link.sequence - 1) are"
                    problems.append(
                        TrailProblem(
                            account: account, kind: .deleted, sequence: previous.sequence + 1,
                            detail: "\(gap) missing (the chain jumps from \(previous.sequence) to \(link.sequence))"))
                } else if link.previousHash != previous.hash {
                    if located == nil {
                        located = Dictionary(page.enumerated().map { ($1.hash, $0) }, uniquingKeysWith: { a, _ in a })
                    }
                    if let problem = misplaced(link, at: index, in: page, located: located ?? [:]) {
                        problems.append(problem)
                    }
                    linked = false
                }
            } else if link.sequence == 1 && link.previousHash != Self.genesis {
                problems.append(eventProblem(.inserted, link, "the first event does not follow the chain's start"))
                linked = false
            } else if link.sequence > 1 && window.lowerBound == 1 {
                notes.append(
                    "account \(account.rawValue): the chain starts at sequence \(link.sequence) "
                        + "(earlier events were deleted by retention)")
            }
            // An event renumbered to cover an insertion or deletion already reported is not edited.
            if linked && computed != link.hash && (problems.isEmpty || !renumbered(link)) {
                problems.append(eventProblem(.edited, link, "its hash does not match its content"))
            }
            checkPromises(link)
            if firstSeen == nil { firstSeen = link.sequence }
            previous = (link.sequence, link.hash)
        }
    }

    /// What a link whose previous hash is not its predecessor's points to: an event further on
    /// (it was moved: reordered), one further back (what lies between was inserted), or none.
    /// Nil when the events involved were already named as moved.
    private mutating func misplaced(_ link: TrailLink, at index: Int, in page: [TrailLink], located: [[UInt8]: Int])
        -> TrailProblem?
    {
        guard let target = located[link.previousHash] else {
            if Self.hash(link, at: link.sequence + 1) == link.hash {
                return eventProblem(
                    .deleted, link, "the event before it is gone and the events after it were renumbered")
            }
            return eventProblem(.inserted, link, "its previous hash names no event before it")
        }
        if target > index {
            moved.formUnion([link.sequence, page[target].sequence])
            return eventProblem(
                .reordered, link, "it follows the event now at sequence \(page[target].sequence) in the chain")
        }
        let inserted = page[target + 1]
        guard !moved.contains(inserted.sequence) else { return nil }
        return eventProblem(
            .inserted, inserted,
            "the chain goes from sequence \(page[target].sequence) to \(link.sequence) without it")
    }

    private mutating func checkPromises(_ link: TrailLink) {
        guard let promises = promised.removeValue(forKey: link.sequence) else { return }
        for promise in promises where promise.hash != link.hash && !rewriteReported {
            rewriteReported = true
            let first = link.sequence == promise.first ? link.sequence : promise.first + 1
            let range = first == link.sequence ? "\(first)" : "\(first)…\(link.sequence)"
            problems.append(
                TrailProblem(
                    account: account, kind: .rewritten, sequence: first, digest: promise.digest,
                    detail:
                        "the chain's hash at sequence \(link.sequence) is not the one the digest signed: "
                        + "an event in \(range) was changed and the hashes after it recomputed"))
        }
    }

    /// Reports the digests' promises the chain did not keep, and the events no digest covers yet.
    public mutating func finish() {
        let first = firstSeen ?? Int64.max
        for (sequence, promises) in promised.sorted(by: { $0.key < $1.key }) where sequence >= first {
            // Gaps inside the chain were reported as the walk met them; these are past its end.
            guard sequence > previous?.sequence ?? 0 else { continue }
            problems.append(
                TrailProblem(
                    account: account, kind: .deleted, sequence: sequence, digest: promises[0].digest,
                    detail: "the digest covers this event but the chain ends at \(previous?.sequence ?? 0)"))
            break
        }
        if let last = previous?.sequence, last > lastCovered, window.upperBound == .max {
            let from = max(lastCovered + 1, first)
            notes.append(
                "account \(account.rawValue): events \(from)…\(last) are not yet covered by a digest")
        }
    }

    /// SHA-256 of the previous hash and the event's canonical form, as the writer computed it
    /// (at `sequence`, when given: where the event was before it was moved).
    static func hash(_ link: TrailLink, at sequence: Int64? = nil) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: link.previousHash)
        hasher.update(data: link.canonical(at: sequence ?? link.sequence))
        return Array(hasher.finalize())
    }

    /// Whether the event's hash is right for the place next to its own: it was moved by one.
    private func renumbered(_ link: TrailLink) -> Bool {
        Self.hash(link, at: link.sequence - 1) == link.hash || Self.hash(link, at: link.sequence + 1) == link.hash
    }

    private func eventProblem(_ kind: TrailProblem.Kind, _ link: TrailLink, _ detail: String) -> TrailProblem {
        TrailProblem(account: account, kind: kind, sequence: link.sequence, eventId: link.event.eventId, detail: detail)
    }

    private func digestProblem(_ kind: TrailProblem.Kind, _ digest: TrailDigest, _ detail: String) -> TrailProblem {
        TrailProblem(account: account, kind: kind, digest: digest.number, detail: detail)
    }
}

import Crypto
import Foundation
import RampartCore
import RampartStore
import XCTest

/// Each way of tampering with a chain or its digests, made on links in memory, and what the
/// verifier names for it.
final class TrailChainVerifierTests: XCTestCase {
    let account = AccountID("123456789012")!
    let key = try! TrailSigningKey(rawRepresentation: Array(repeating: 7, count: 32))

    func event(_ index: Int) -> TrailEvent {
        TrailEvent(
            account: account, organization: nil, time: Date(timeIntervalSince1970: 1_700_000_000 + Double(index)),
            eventId: "event-\(index)", eventName: "GetUser", eventSource: "iam.amazonaws.com", username: "alice",
            accessKeyId: nil, readOnly: true, resources: [TrailResource(type: "AWS::IAM::User", name: "alice")],
            body: "{\"n\":\(index)}")
    }

    static func hash(previous: [UInt8], sequence: Int64, event: TrailEvent) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: previous)
        hasher.update(data: TrailLink.canonical(sequence: sequence, event: event))
        return Array(hasher.finalize())
    }

    /// Links `from`…`through` of an untouched chain (the hashes before `from` computed too).
    func chain(_ count: Int64, from first: Int64 = 1) -> [TrailLink] {
        var previous = [UInt8](repeating: 0, count: 32)
        var links = [TrailLink]()
        for sequence in 1...count {
            let event = event(Int(sequence))
            let hash = Self.hash(previous: previous, sequence: sequence, event: event)
            if sequence >= first {
                links.append(TrailLink(sequence: sequence, event: event, previousHash: previous, hash: hash))
            }
            previous = hash
        }
        return links
    }

    /// Recomputes every hash from `index` on, as an attacker covering an edit would.
    func rehash(_ links: inout [TrailLink], from index: Int) {
        for position in index..<links.count {
            if position > 0 { links[position].previousHash = links[position - 1].hash }
            links[position].hash = Self.hash(
                previous: links[position].previousHash, sequence: links[position].sequence,
                event: links[position].event)
        }
    }

    /// Signed digests closing the chain at each of `ends` (last sequences).
    func digests(_ links: [TrailLink], ends: [Int64]) throws -> [TrailDigest] {
        var digests = [TrailDigest]()
        var first: Int64 = 1
        for end in ends {
            let firstLink = links.first { $0.sequence == first }!
            let lastLink = links.first { $0.sequence == end }!
            digests.append(
                try key.sign(
                    TrailDigestWriter.next(
                        after: digests.last, first: firstLink, last: lastLink, now: 1_700_000_000_000 + end)
                ))
            first = end + 1
        }
        return digests
    }

    func verify(_ links: [TrailLink], _ digests: [TrailDigest], pageSize: Int = 7) -> TrailChainVerifier {
        var verifier = TrailChainVerifier(account: account, digests: digests, key: key.verifyingKey)
        var index = 0
        while index < links.count {
            verifier.check(Array(links[index..<min(index + pageSize, links.count)]))
            index += pageSize
        }
        verifier.finish()
        return verifier
    }

    func testAnUntouchedTrailHasNoProblemsAndNamesWhatNoDigestCoversYet() throws {
        let links = chain(30)
        let verifier = verify(links, try digests(links, ends: [10, 20]))
        XCTAssertEqual(verifier.problems, [])
        XCTAssertEqual(verifier.events, 30)
        XCTAssertEqual(verifier.notes, ["account 123456789012: events 21…30 are not yet covered by a digest"])
    }

    func testAnEditedEventIsNamed() throws {
        var links = chain(30)
        let signed = try digests(links, ends: [10, 20])
        links[11].event.body = "{\"n\":999}"
        let problems = verify(links, signed).problems
        XCTAssertEqual(problems.map(\.kind), [.edited])
        XCTAssertEqual(problems.first?.sequence, 12)
        XCTAssertEqual(problems.first?.eventId, "event-12")
    }

    func testAnEditedIndexedFactIsNamed() throws {
        var links = chain(12)
        links[3].event.username = "mallory"
        XCTAssertEqual(verify(links, []).problems.map { "\($0.kind) \($0.sequence ?? 0)" }, ["edited 4"])
    }

    func testADeletedEventIsNamed() throws {
        var links = chain(30)
        let signed = try digests(links, ends: [10, 20])
        links.remove(at: 14)
        let problems = verify(links, signed).problems
        XCTAssertEqual(problems.map(\.kind), [.deleted])
        XCTAssertEqual(problems.first?.sequence, 15)
    }

    func testDeletedEventsAtTheEndOfADigestAreNamed() throws {
        var links = chain(20)
        let signed = try digests(links, ends: [10, 20])
        links.removeLast(3)
        let problems = verify(links, signed).problems
        XCTAssertEqual(problems.map(\.kind), [.deleted])
        XCTAssertEqual(problems.first?.sequence, 20)
        XCTAssertEqual(problems.first?.digest, 2)
    }

    func testAnInsertedEventIsNamed() throws {
        let original = chain(30)
        let signed = try digests(original, ends: [10, 20])
        // A forged event at 8, the rest moved up one, its hash made to follow event 7.
        var links = Array(original[0..<7])
        var forged = event(500)
        forged.eventId = "forged"
        links.append(
            TrailLink(
                sequence: 8, event: forged, previousHash: original[6].hash,
                hash: Self.hash(previous: original[6].hash, sequence: 8, event: forged)))
        for link in original[7...] {
            var moved = link
            moved.sequence += 1
            links.append(moved)
        }
        let problems = verify(links, signed, pageSize: 100).problems
        XCTAssertEqual(problems.first?.kind, .inserted)
        XCTAssertEqual(problems.first?.sequence, 8)
        XCTAssertEqual(problems.first?.eventId, "forged")
        // The events moved up are not each reported as edited; the digests see the moved end.
        XCTAssertEqual(problems.map(\.kind), [.inserted, .rewritten])
    }

    func testADeletionCoveredByRenumberingIsNamed() throws {
        let original = chain(20)
        var links = Array(original[0..<9])
        for link in original[10...] {
            var moved = link
            moved.sequence -= 1
            links.append(moved)
        }
        let problems = verify(links, [], pageSize: 100).problems
        XCTAssertEqual(problems.map { "\($0.kind) \($0.sequence ?? 0)" }, ["deleted 10"])
    }

    func testAnEventWhosePreviousHashNamesNothingIsInserted() throws {
        var links = chain(10)
        links[9].previousHash = Array(repeating: 1, count: 32)
        links[9].hash = Self.hash(previous: links[9].previousHash, sequence: 10, event: links[9].event)
        XCTAssertEqual(verify(links, []).problems.map { "\($0.kind) \($0.sequence ?? 0)" }, ["inserted 10"])
    }

    func testADuplicateSequenceIsInserted() throws {
        var links = chain(10)
        links.insert(links[4], at: 5)
        XCTAssertEqual(
            verify(links, [], pageSize: 100).problems.map { "\($0.kind) \($0.sequence ?? 0)" }, ["inserted 5"])
    }

    func testSwappedEventsAreReordered() throws {
        var links = chain(30)
        let signed = try digests(links, ends: [10, 20])
        let fifth = links[4]
        links[4] = links[5]
        links[4].sequence = 5
        links[5] = fifth
        links[5].sequence = 6
        let problems = verify(links, signed, pageSize: 100).problems
        XCTAssertEqual(problems.first?.kind, .reordered)
        XCTAssertEqual(problems.first?.sequence, 5)
        XCTAssertEqual(problems.first?.eventId, "event-6")
    }

    /// The chain alone cannot show an edit whose later hashes were all recomputed; the signed
    /// digests can, and say which digest's events hold it.
    func testAnEditWithTheRestOfTheChainRehashedIsCaughtByTheDigests() throws {
        var links = chain(30)
        let signed = try digests(links, ends: [10, 20])
        links[13].event.body = "{\"n\":999}"
        rehash(&links, from: 13)
        XCTAssertEqual(verify(links, []).problems, [], "the chain alone looks intact")
        let problems = verify(links, signed).problems
        XCTAssertEqual(problems.map(\.kind), [.rewritten])
        XCTAssertEqual(problems.first?.digest, 2)
        XCTAssertEqual(problems.first?.sequence, 12)
        XCTAssertTrue(problems.first?.detail.contains("12…20") ?? false, problems.first?.detail ?? "")
    }

    func testARemovedDigestIsNamed() throws {
        let links = chain(30)
        var signed = try digests(links, ends: [10, 20, 25])
        signed.remove(at: 1)
        let problems = verify(links, signed).problems
        XCTAssertEqual(problems.map(\.kind), [.digestRemoved])
        XCTAssertEqual(problems.first?.digest, 3)
        XCTAssertTrue(problems.first?.detail.contains("digest 2") ?? false)
    }

    func testARemovedFirstDigestIsNamed() throws {
        let links = chain(30)
        let signed = try digests(links, ends: [10, 20])
        XCTAssertEqual(verify(links, Array(signed.dropFirst())).problems.map(\.kind), [.digestRemoved])
    }

    func testAForgedDigestIsNamed() throws {
        let links = chain(30)
        var signed = try digests(links, ends: [10, 20])
        signed[1].signature[0] ^= 1
        var moved = try digests(links, ends: [10, 20])
        moved[0].lastSequence = 9
        XCTAssertEqual(verify(links, signed).problems.map { "\($0.kind) \($0.digest ?? 0)" }, ["digestForged 2"])
        XCTAssertEqual(verify(links, moved).problems.map { "\($0.kind) \($0.digest ?? 0)" }, ["digestForged 1"])
    }

    func testAChainPrunedByRetentionStartsWhereItWasCut() throws {
        let links = chain(30, from: 12)
        var verifier = verify(links, try digests(chain(30), ends: [10, 20]))
        XCTAssertEqual(verifier.problems, [])
        XCTAssertTrue(verifier.notes.contains { $0.contains("starts at sequence 12") })
        // A digest covering the kept part must still agree with it.
        var edited = links
        edited[8].event.body = "{}"
        rehash(&edited, from: 8)
        verifier = verify(edited, try digests(chain(30), ends: [10, 20]))
        XCTAssertEqual(verifier.problems.map(\.kind), [.rewritten])
    }

    func testThePublicKeyReadsBackFromPEMAndBase64() throws {
        let verifying = key.verifyingKey
        XCTAssertTrue(verifying.pem.hasPrefix("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA"))
        let signed = try digests(chain(3), ends: [3])[0]
        XCTAssertTrue(try TrailVerifyingKey(text: verifying.pem).isValidSignature(of: signed))
        XCTAssertTrue(try TrailVerifyingKey(text: verifying.rawBase64).isValidSignature(of: signed))
        let other = try TrailSigningKey(rawRepresentation: Array(repeating: 8, count: 32)).verifyingKey
        XCTAssertFalse(other.isValidSignature(of: signed))
    }
}

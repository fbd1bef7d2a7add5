import Foundation
import RampartServices
import Testing

@testable import RampartConsole

/// The change a confirmation completes: reachable only from the session that asked, with its id, once,
/// and not after the confirmation's own lifetime.
@Suite struct PendingActionsTests {
    let now = Date(timeIntervalSince1970: 1_796_000_000)
    let mine = OpaqueToken.random()
    let other = OpaqueToken.random()

    @Test func onlyTheSessionThatAskedRunsItOnce() {
        let pending = PendingActions()
        let id = pending.hold(session: mine, path: "/console/security/remove", body: Array("serial=x".utf8), now: now)
        #expect(pending.take(session: other, id: id, now: now) == nil)
        #expect(pending.take(session: mine, id: "not-the-id", now: now) == nil)
        #expect(pending.peek(session: mine, id: id, now: now)?.summary == "remove the MFA device")
        let taken = pending.take(session: mine, id: id, now: now)
        #expect(taken?.path == "/console/security/remove" && taken?.body == Array("serial=x".utf8))
        #expect(pending.take(session: mine, id: id, now: now) == nil)
    }

    @Test func aNewerRequestReplacesTheOlderAndTheyExpire() {
        let pending = PendingActions()
        let first = pending.hold(session: mine, path: "/console/security/remove", body: [], now: now)
        let second = pending.hold(session: mine, path: "/console/security/recovery", body: [], now: now)
        #expect(pending.peek(session: mine, id: first, now: now) == nil)
        let late = now.addingTimeInterval(PendingActions.lifetime)
        #expect(pending.take(session: mine, id: second, now: late) == nil)
    }
}

import Foundation
import RampartCore
import RampartServices
import Synchronization

/// The change a person asked for when the console first had to confirm it was them ("Confirm it is you"),
/// so that the confirmation completes it instead of sending them back to click again.
///
/// Held in this server's memory for the session that asked, never in the store: the form may hold a
/// password, which is not written down for a retry. Keyed by the session token's hash, so no other
/// session can reach it; one per session (a newer request replaces it) and taken once, so one
/// confirmation runs it at most once; gone after `lifetime`. The form's CSRF token goes with it and is
/// checked again when it runs, against the browser's cookie then, and the change runs through its usual
/// handler, which asks for a confirmation again if the session still has no fresh proof. On a fleet, a
/// confirmation answered by another instance finds nothing and returns to the page, as before.
final class PendingActions: Sendable {
    struct Action: Sendable {
        var id: String
        /// The form's path, e.g. "/console/security/remove"; its body as the browser posted it.
        var path: String
        var body: [UInt8]
        var expiresAt: Date

        /// What the confirmation will do, in words for the confirmation page.
        var summary: String {
            switch path {
            case "/console/security/remove": "remove the MFA device"
            case "/console/security/recovery": "generate new recovery codes"
            case "/console/security/authenticator": "start adding the authenticator app"
            case "/console/security/hardware": "add the hardware token"
            case "/console/account/root-email": "change the root user's email address"
            case "/console/account/root-password": "change the root user's password"
            default: "make the change you asked for"
            }
        }
    }

    /// As long as a confirmation itself lasts (`SignInService.stepUpLifetime`).
    static let lifetime = SignInService.stepUpLifetime
    /// Sessions are bounded already; this only bounds the memory a flood of them could take.
    static let maximum = 10_000

    private let held = Mutex<[String: Action]>([:])

    init() {}

    /// Holds the form for the session and returns the id the confirmation page carries.
    func hold(session: OpaqueToken, path: String, body: [UInt8], now: Date) -> String {
        let action = Action(
            id: OpaqueToken.random().value, path: path, body: body, expiresAt: now.addingTimeInterval(Self.lifetime))
        held.withLock { held in
            held = held.filter { $0.value.expiresAt > now }
            if held.count >= Self.maximum, let oldest = held.min(by: { $0.value.expiresAt < $1.value.expiresAt }) {
                held[oldest.key] = nil
            }
            held[session.hash] = action
        }
        return action.id
    }

    /// The session's held action with this id, left in place (the page that describes it).
    func peek(session: OpaqueToken, id: String, now: Date) -> Action? {
        held.withLock { Self.match($0[session.hash], id: id, now: now) }
    }

    /// The session's held action with this id, removed: it runs once.
    func take(session: OpaqueToken, id: String, now: Date) -> Action? {
        held.withLock { held in
            guard let action = Self.match(held[session.hash], id: id, now: now) else { return nil }
            held[session.hash] = nil
            return action
        }
    }

    private static func match(_ action: Action?, id: String, now: Date) -> Action? {
        guard let action, action.expiresAt > now, ConstantTime.equal(action.id, id) else { return nil }
        return action
    }
}

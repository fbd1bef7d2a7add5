import Foundation
import RampartCore
import RampartServices

/// "Verify with MFA" (`/console/verify`): the step-up that adds MFA to a session opened without it; with
/// `next` (`ConfirmTarget`), the one confirmation before changes to devices and recovery codes
/// (and the root user's email and password), which then completes the change that asked for it
/// (`PendingActions`): one click and one confirmation, not a second click.
extension Console {
    func verify(_ request: ConsoleRequest) async throws -> ConsoleResponse {
        guard let identity = signIn.identity(forSession: sessionToken(request)) else { return noPrincipal(request) }
        let principal = identity.signedIn
        guard request.method == "POST" else {
            let next = ConfirmTarget(query: request.query)
            guard mayVerify(principal) || (next != nil && mayConfirm(principal)) else {
                return .redirect(next?.location ?? "/console")
            }
            let failed = FailedCodeNotice(query: request.query).map {
                $0.message(lockoutEnds: signIn.stepUpLockoutEnds(principal), now: clock.now)
            }
            let held = heldAction(PageQuery.value("pending", in: request.query), request: request)
            return withCSRF(request) { csrf in
                .html(
                    VerifyPage.render(
                        csrf: csrf, header: header(request, csrf: csrf), codes: signIn.hasCodeDevices(principal),
                        keys: signIn.hasSecurityKeys(principal), error: failed, next: next, pending: held))
            }
        }
        guard let form = verifiedForm(request) else { return refused() }
        let next = form["next"].flatMap(ConfirmTarget.init(rawValue:))
        if request.path == "/console/verify/resume" {
            // After a passkey's step-up (the script posts here): the change runs through its own handler,
            // which asks again if the session has no fresh proof.
            return try await resume(form["pending"], request: request) ?? .redirect(next?.location ?? "/console")
        }
        let failure = try await signIn.stepUp(
            session: sessionToken(request), code: form["code"] ?? "", sourceIp: request.sourceIp,
            requestId: request.requestId)
        var page = next?.confirmation ?? "/console/verify"
        if let id = form["pending"], heldAction(id, request: request) != nil {
            page += (page.contains("?") ? "&" : "?") + "pending=\(id)"
        }
        switch failure {
        case nil: return try await resume(form["pending"], request: request) ?? .redirect(next?.location ?? "/console")
        case .flowExpired?: return noPrincipal(request)
        case let failure?: return .redirect(FailedCodeNotice(failure).map { $0.location(page) } ?? page)
        }
    }

    /// The confirmation page for a change that needs one, holding the change (this request's form) so
    /// that confirming completes it.
    func confirmFirst(_ target: ConfirmTarget, request: ConsoleRequest) -> ConsoleResponse {
        guard let session = sessionToken(request) else { return .redirect(target.confirmation) }
        let id = pending.hold(session: session, path: request.path, body: request.body, now: clock.now)
        return .redirect(target.confirmation + "&pending=\(id)")
    }

    private func heldAction(_ id: String?, request: ConsoleRequest) -> PendingActions.Action? {
        guard let id, let session = sessionToken(request) else { return nil }
        return pending.peek(session: session, id: id, now: clock.now)
    }

    /// Runs the session's held change as the POST it was: same path, same form (with its CSRF token,
    /// checked again against this request's cookie), this request's cookies and origin. Nil when there
    /// is none to run (another session's id, already run, expired).
    private func resume(_ id: String?, request: ConsoleRequest) async throws -> ConsoleResponse? {
        guard let id, let session = sessionToken(request),
            let action = pending.take(session: session, id: id, now: clock.now)
        else { return nil }
        var held = request
        held.path = action.path
        held.query = ""
        held.body = action.body
        return try await route(held)
    }

    /// Whether the signed-in principal has a device to prove and the session carries no MFA yet.
    func mayVerify(_ principal: Principal) -> Bool {
        principal.kind != .assumedRole && principal.multiFactorAuthPresent != true && signIn.hasDevices(principal)
    }

    /// Whether a change to the principal's devices needs a confirmation first: it has a device to prove
    /// and has proved none in the last few minutes (`SignInService.stepUpLifetime`).
    func mayConfirm(_ principal: Principal) -> Bool {
        principal.kind != .assumedRole && signIn.hasDevices(principal) && !signIn.hasFreshMFA(principal)
    }
}

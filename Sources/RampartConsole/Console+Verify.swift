import Foundation
import RampartCore
import RampartServices

/// "Verify with MFA" (`/console/verify`): the step-up that adds MFA to a session opened without it; with
/// `next` (`ConfirmTarget`), the one confirmation before changes to devices and recovery codes
/// (and the root user's email and password).
extension Console {
    func verify(_ request: ConsoleRequest) async throws -> ConsoleResponse {
        guard let identity = signIn.identity(forSession: sessionToken(request)) else { return noPrincipal(request) }
        let principal = identity.signedIn
        guard request.method == "POST" else {
            let next = ConfirmTarget(query: request.query)
            guard mayVerify(principal) || (next != nil && mayConfirm(principal)) else {
                return .redirect(next?.location ?? "/console")
            }
            let failed = FailedCodeNotice(query: request.query)
            return withCSRF(request) { csrf in
                .html(
                    VerifyPage.render(
                        csrf: csrf, header: header(request, csrf: csrf), codes: signIn.hasCodeDevices(principal),
                        keys: signIn.hasSecurityKeys(principal), error: failed?.message, next: next))
            }
        }
        guard let form = verifiedForm(request) else { return refused() }
        let next = form["next"].flatMap(ConfirmTarget.init(rawValue:))
        let failure = try await signIn.stepUp(
            session: sessionToken(request), code: form["code"] ?? "", sourceIp: request.sourceIp,
            requestId: request.requestId)
        let page = next?.confirmation ?? "/console/verify"
        switch failure {
        case nil: return .redirect(next?.location ?? "/console")
        case .flowExpired?: return noPrincipal(request)
        case let failure?: return .redirect(FailedCodeNotice(failure).map { $0.location(page) } ?? page)
        }
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

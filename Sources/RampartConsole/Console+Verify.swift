import Foundation
import RampartCore
import RampartServices

/// "Verify with MFA" (`/console/verify`): the step-up that adds MFA to a session opened without it.
extension Console {
    func verify(_ request: ConsoleRequest) async throws -> ConsoleResponse {
        guard let identity = signIn.identity(forSession: sessionToken(request)) else { return noPrincipal(request) }
        let principal = identity.signedIn
        guard mayVerify(principal) else { return .redirect("/console") }
        guard request.method == "POST" else {
            let failed = FailedCodeNotice(query: request.query)
            return withCSRF(request) { csrf in
                .html(
                    VerifyPage.render(
                        csrf: csrf, header: header(request, csrf: csrf), codes: signIn.hasCodeDevices(principal),
                        keys: signIn.hasSecurityKeys(principal), error: failed?.message))
            }
        }
        guard let form = verifiedForm(request) else { return refused() }
        let failure = try await signIn.stepUp(
            session: sessionToken(request), code: form["code"] ?? "", sourceIp: request.sourceIp,
            requestId: request.requestId)
        switch failure {
        case nil: return .redirect("/console")
        case .flowExpired?: return noPrincipal(request)
        case let failure?:
            return .redirect(FailedCodeNotice(failure).map { $0.location("/console/verify") } ?? "/console/verify")
        }
    }

    /// Whether the signed-in principal has a device to prove and the session carries no MFA yet.
    func mayVerify(_ principal: Principal) -> Bool {
        principal.kind != .assumedRole && principal.multiFactorAuthPresent != true && signIn.hasDevices(principal)
    }
}

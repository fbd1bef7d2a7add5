import Foundation
import RampartCore
import RampartServices
import RampartStore
import RampartWire

/// The console: routes a ConsoleRequest to its page or form handler. Sign-in steps are SignInService's;
/// this type only turns them into pages, redirects and cookies, and guards every form with a CSRF token.
public struct Console: Sendable {
    static let csrfCookie = "rampart-csrf"
    static let flowCookie = "rampart-flow"
    static let sessionCookie = "rampart-session"
    /// Identifies the browser for context-aware MFA prompting; it grants nothing by itself.
    static let deviceCookie = "rampart-device"
    /// How far the instance that answered the browser's last form had applied the database's changes
    /// (PostgreSQL only): the next page, wherever a load balancer sends it, is answered from at least
    /// there, so a sign-in step or a session just written is never "expired" on another instance.
    static let positionCookie = "rampart-position"

    let configuration: ConsoleConfiguration
    let environment: ServiceEnvironment
    let signIn: SignInService
    let calls: PrincipalCalls
    /// LookupEvents for the event history, without the API's per-account rate limit (see
    /// `Console+Events.swift`).
    let trail: CloudTrailAPI
    let clock: any Clock
    /// Changes waiting for the confirmation that completes them (see `PendingActions`).
    let pending = PendingActions()

    public init(configuration: ConsoleConfiguration, environment: ServiceEnvironment) {
        self.configuration = configuration
        self.environment = environment
        self.signIn = SignInService(environment: environment)
        self.calls = PrincipalCalls(environment: environment)
        self.trail = CloudTrailAPI(
            environment: environment, lookupsPerSecond: 0, retention: configuration.trailRetention)
        self.clock = environment.clock
    }

    public func handle(_ request: ConsoleRequest) async -> ConsoleResponse {
        var response: ConsoleResponse
        do {
            if request.method == "GET",
                let canonical = configuration.canonicalURL(
                    host: request.header("Host"), path: request.path, query: request.query)
            {
                response = .redirect(canonical)
            } else {
                let seen = request.cookies[Self.positionCookie].flatMap { Int64($0) }
                if let seen, seen > environment.store.changePosition { await environment.store.catchUp(to: seen) }
                // Bound for the sign-in events the request's steps write: they carry the browser's User-Agent.
                let call = TrailCall(userAgent: request.header("User-Agent") ?? "")
                response = try await TrailCall.$current.withValue(call) { try await route(request) }
                let position = environment.store.changePosition
                if request.method == "POST", position > 0, position != seen {
                    response = response.setting(
                        SetCookie(
                            name: Self.positionCookie, value: String(position), maxAge: nil,
                            secure: configuration.secureCookies))
                }
            }
        } catch {
            response = .html(
                Layout.page(title: "Something went wrong", body: Layout.message("Please try again.")), status: 500)
        }
        response.headers += SecurityHeaders.all
        return response
    }

    /// Not private: a confirmation resumes the change it held by routing it again (`Console+Verify.swift`).
    func route(_ request: ConsoleRequest) async throws -> ConsoleResponse {
        var path = request.path
        if path.count > 1, path.hasSuffix("/") { path.removeLast() }
        switch (request.method, path) {
        case ("GET", "/console/assets/console.css"):
            return ConsoleResponse(
                status: 200, headers: [("Content-Type", "text/css; charset=utf-8")], body: Array(Stylesheet.css.utf8))
        case ("GET", "/console/assets/page.js"):
            return ConsoleResponse(
                status: 200, headers: [("Content-Type", "text/javascript; charset=utf-8")],
                body: Array(PageScript.source.utf8))
        case ("GET", "/console/assets/webauthn.js"):
            return ConsoleResponse(
                status: 200, headers: [("Content-Type", "text/javascript; charset=utf-8")],
                body: Array(WebAuthnScript.source.utf8))
        case ("POST", "/console/webauthn/authenticate/options"), ("POST", "/console/webauthn/authenticate"),
            ("POST", "/console/webauthn/passkey/options"), ("POST", "/console/webauthn/passkey"),
            ("POST", "/console/webauthn/register/options"), ("POST", "/console/webauthn/register"),
            ("POST", "/console/webauthn/step-up/options"), ("POST", "/console/webauthn/step-up"):
            return try await webAuthn(path, request: request)
        case ("GET", "/console/keys"), ("POST", "/console/keys/create"), ("POST", "/console/keys/status"),
            ("POST", "/console/keys/delete"):
            if signIn.mustEnroll(session: sessionToken(request)) { return .redirect("/console/security") }
            return try await accessKeys(path, request: request)
        case ("GET", "/console/organization"), ("POST", "/console/organization/create"),
            ("POST", "/console/organization/units"), ("POST", "/console/organization/accounts"),
            ("POST", "/console/organization/move"):
            if signIn.mustEnroll(session: sessionToken(request)) { return .redirect("/console/security") }
            return try await organization(path, request: request)
        case ("GET", "/console/mandate"), ("POST", "/console/mandate/pause"), ("POST", "/console/mandate/resume"),
            ("POST", "/console/mandate/exempt"), ("POST", "/console/mandate/unexempt"),
            ("POST", "/console/mandate/skip-wave"), ("POST", "/console/mandate/move"),
            ("POST", "/console/mandate/plan"):
            if signIn.mustEnroll(session: sessionToken(request)) { return .redirect("/console/security") }
            return try await mandate(path, request: request)
        case ("GET", "/console/posture"), ("GET", "/console/posture/list"):
            if signIn.mustEnroll(session: sessionToken(request)) { return .redirect("/console/security") }
            return await posture(path, request: request)
        case ("GET", "/console/events"):
            if signIn.mustEnroll(session: sessionToken(request)) { return .redirect("/console/security") }
            return await events(request)
        case ("GET", "/console/switch-role"), ("POST", "/console/switch-role"):
            if signIn.mustEnroll(session: sessionToken(request)) { return .redirect("/console/security") }
            return try await switchRole(path, request: request)
        case ("POST", "/console/switch-back"):
            return try await switchRole(path, request: request)
        case ("GET", "/console/verify"), ("POST", "/console/verify"), ("POST", "/console/verify/resume"):
            return try await verify(request)
        case ("GET", "/console/settings"), ("POST", "/console/settings"):
            return try await settingsPage(request)
        case ("GET", "/console/enroll"):
            let flow = request.cookies[Self.flowCookie].map(OpaqueToken.init(value:))
            if let dead = deadFlow(request, stage: .enroll) { return dead }
            let days = signIn.graceDaysLeft(flow: flow)
            return withCSRF(request) { .html(EnrollPromptPage.render(csrf: $0, daysLeft: days)) }
        case ("GET", "/console") where signIn.mustEnroll(session: sessionToken(request)):
            return .redirect("/console/security")
        case ("GET", "/console"):
            return home(request)
        case ("GET", "/console/signin"):
            let passkeys = signIn.passkeySignInOffered
            let expired = ExpiredNotice(query: request.query)
            return withCSRF(request) {
                .html(SignInPage.render(csrf: $0, error: expired?.message, passkeys: passkeys))
            }
        case ("GET", "/console/mfa"):
            if let dead = deadFlow(request, stage: .secondFactor) { return dead }
            let flow = request.cookies[Self.flowCookie].map(OpaqueToken.init(value:))
            let keys = signIn.flowHasSecurityKeys(flow)
            let recovery = signIn.flowHasRecoveryCodes(flow)
            let failed = FailedCodeNotice(query: request.query).map {
                $0.message(
                    lockoutEnds: signIn.codeLockoutEnds(
                        flow: flow, device: request.cookies[Self.deviceCookie].map(OpaqueToken.init(value:)),
                        sourceIp: request.sourceIp), now: clock.now)
            }
            return withCSRF(request) {
                .html(CodePage.render(csrf: $0, error: failed, securityKeys: keys, recoveryCodes: recovery))
            }
        case ("GET", "/console/password"):
            if let dead = deadFlow(request, stage: .changePassword) { return dead }
            let policy = signIn.passwordPolicy(flow: request.cookies[Self.flowCookie].map(OpaqueToken.init(value:)))
            return withCSRF(request) { .html(ChangePasswordPage.render(csrf: $0, error: nil, policy: policy)) }
        case ("GET", "/console/security"):
            guard let principal = signIn.principal(forSession: sessionToken(request)) else {
                return noPrincipal(request)
            }
            if principal.kind == .assumedRole {
                return needsUser(request, principal: principal, title: "Security credentials")
            }
            let (csrf, cookie) = csrfToken(request)
            let page = await securityPage(request, principal: principal, csrf: csrf)
            return cookie.map { page.setting($0) } ?? page
        case ("GET", "/console/security/assign"):
            return await assignDevice(request)
        case ("POST", "/console/security/authenticator"), ("POST", "/console/security/authenticator/enable"),
            ("POST", "/console/security/hardware"),
            ("POST", "/console/security/authenticator/cancel"),
            ("POST", "/console/security/remove"), ("POST", "/console/security/password"),
            ("POST", "/console/security/recovery"), ("POST", "/console/security/rename"):
            guard let form = verifiedForm(request) else { return refused() }
            return try await securityPost(path, form: form, request: request)
        case ("POST", "/console/signin"), ("POST", "/console/mfa"), ("POST", "/console/mfa/recovery"),
            ("POST", "/console/password"), ("POST", "/console/enroll"),
            ("POST", "/console/signout"):
            guard let form = verifiedForm(request) else { return refused() }
            return try await post(path, form: form, request: request)
        case ("GET", _), ("POST", _):
            guard let admin = AdminPath(path) else { fallthrough }
            if signIn.mustEnroll(session: sessionToken(request)) { return .redirect("/console/security") }
            return await administration(admin, request: request)
        default:
            return .html(Layout.page(title: "Not found", body: "<p><a href=\"/console\">Console</a></p>"), status: 404)
        }
    }

    private func post(_ path: String, form: QueryInput, request: ConsoleRequest) async throws -> ConsoleResponse {
        let (device, deviceCookie) = deviceToken(request)
        var response = try await post(path, form: form, request: request, device: device)
        if let deviceCookie { response = response.setting(deviceCookie) }
        return response
    }

    /// The browser's device token, and the cookie that issues one when it has none.
    func deviceToken(_ request: ConsoleRequest) -> (OpaqueToken, SetCookie?) {
        if let value = request.cookies[Self.deviceCookie], value.count >= 32 { return (OpaqueToken(value: value), nil) }
        let token = OpaqueToken.random()
        return (
            token,
            SetCookie(
                name: Self.deviceCookie, value: token.value, maxAge: 400 * 86_400, secure: configuration.secureCookies)
        )
    }

    private func post(_ path: String, form: QueryInput, request: ConsoleRequest, device: OpaqueToken) async throws
        -> ConsoleResponse
    {
        let csrf = form["csrf"] ?? ""
        let flow = request.cookies[Self.flowCookie].map(OpaqueToken.init(value:))
        switch path {
        case "/console/signin":
            let attempt: SignInAttempt
            if form["kind"] == "root" {
                attempt = SignInAttempt(identity: .root(email: form["email"] ?? ""), password: form["password"] ?? "")
            } else {
                attempt = SignInAttempt(
                    identity: .iamUser(account: form["account"] ?? "", userName: form["username"] ?? ""),
                    password: form["password"] ?? "")
            }
            let step = try await signIn.signIn(
                attempt, device: device, sourceIp: request.sourceIp, requestId: request.requestId)
            let passkeys = signIn.passkeySignInOffered
            // A lockout says how long it lasts (the counters that judge this attempt), not just "a while".
            var lockout: String?
            if case .failed(.throttled) = step,
                let end = signIn.lockoutEnds(attempt, device: device, sourceIp: request.sourceIp)
            {
                lockout =
                    "Too many failed attempts. Sign-in is locked for \(AdminTime.until(end, now: clock.now)); "
                    + "try again after that."
            }
            return respond(to: step, request: request) { error in
                SignInPage.render(
                    csrf: csrf, error: lockout ?? error, account: form["account"] ?? "",
                    userName: form["username"] ?? "",
                    rootEmail: form["kind"] == "root" ? form["email"] ?? "" : "", passkeys: passkeys)
            }
        case "/console/mfa":
            let step = try await signIn.verifyCode(
                flow: flow, code: form["code"] ?? "", device: device, sourceIp: request.sourceIp,
                requestId: request.requestId)
            return respondToCode(step, flow: flow, csrf: csrf, request: request)
        case "/console/mfa/recovery":
            let step = try await signIn.verifyRecoveryCode(
                flow: flow, code: form["recovery"] ?? "", device: device, sourceIp: request.sourceIp,
                requestId: request.requestId)
            return respondToCode(step, flow: flow, csrf: csrf, request: request)
        case "/console/password":
            let policy = signIn.passwordPolicy(flow: flow)
            guard form["new"] == form["confirm"] else {
                return .html(
                    ChangePasswordPage.render(csrf: csrf, error: "The new passwords do not match.", policy: policy))
            }
            let step = try await signIn.changePassword(
                flow: flow, oldPassword: form["old"] ?? "", newPassword: form["new"] ?? "", device: device,
                sourceIp: request.sourceIp, requestId: request.requestId)
            return respond(to: step, request: request) {
                ChangePasswordPage.render(csrf: csrf, error: $0, policy: policy)
            }
        case "/console/enroll":
            let step =
                form["action"] == "skip"
                ? try await signIn.skipEnrollment(
                    flow: flow, device: device, sourceIp: request.sourceIp, requestId: request.requestId)
                : try await signIn.beginEnrollment(
                    flow: flow, device: device, sourceIp: request.sourceIp, requestId: request.requestId)
            let days = signIn.graceDaysLeft(flow: flow)
            return respond(to: step, request: request) {
                EnrollPromptPage.render(csrf: csrf, daysLeft: days, error: $0)
            }
        default:  // "/console/signout"
            try await signIn.signOut(session: request.cookies[Self.sessionCookie].map(OpaqueToken.init(value:)))
            return ConsoleResponse.redirect("/console/signin")
                .setting(.deleting(Self.sessionCookie, secure: configuration.secureCookies))
        }
    }

    /// A second-factor step as a response: a refused code goes back to the code page by a redirect that
    /// says why (see FailedCodeNotice), so reloading it never posts the code again.
    private func respondToCode(_ step: SignInStep, flow: OpaqueToken?, csrf: String, request: ConsoleRequest)
        -> ConsoleResponse
    {
        if case .failed(let failure) = step, let notice = FailedCodeNotice(failure) {
            environment.metrics.signInStep(step)  // counted here: `respond(to:)` is not reached
            return .redirect(notice.location("/console/mfa"))
        }
        let keys = signIn.flowHasSecurityKeys(flow)
        let recovery = signIn.flowHasRecoveryCodes(flow)
        return respond(to: step, request: request) {
            CodePage.render(csrf: csrf, error: $0, securityKeys: keys, recoveryCodes: recovery)
        }
    }

    /// A sign-in step as a response: the next page with its cookie, or the same page with the message.
    /// A flow that expired says so on the sign-in page; a request that never had one just starts over.
    private func respond(to step: SignInStep, request: ConsoleRequest, page: (String) -> String) -> ConsoleResponse {
        environment.metrics.signInStep(step)
        let secure = configuration.secureCookies
        switch step {
        case .failed(.flowExpired):
            let hadFlow = request.cookies[Self.flowCookie] != nil
            return ConsoleResponse.redirect(hadFlow ? ExpiredNotice.signIn.location : "/console/signin")
                .setting(.deleting(Self.flowCookie, secure: secure))
        case .failed(let failure):
            return .html(page(failure.message), status: 200)
        case .changePassword(let flow):
            return ConsoleResponse.redirect("/console/password").setting(flowCookie(flow))
        case .secondFactor(let flow):
            return ConsoleResponse.redirect("/console/mfa").setting(flowCookie(flow))
        case .enroll(let flow):
            return ConsoleResponse.redirect("/console/enroll").setting(flowCookie(flow))
        case .signedIn(let session, let expiresAt):
            let seconds = Int(expiresAt.timeIntervalSince(clock.now))
            let next = signIn.mustEnroll(session: session) ? "/console/security" : "/console"
            return ConsoleResponse.redirect(next)
                .setting(.deleting(Self.flowCookie, secure: secure))
                .setting(
                    SetCookie(
                        name: Self.sessionCookie, value: session.value, maxAge: seconds + Self.cookieAfterlife,
                        secure: secure))
        }
    }

    /// The flow cookie outlives its flow by a day, so that a page of a flow that has ended can say so
    /// instead of starting over in silence; the server decides whether the flow is open.
    private func flowCookie(_ flow: OpaqueToken) -> SetCookie {
        SetCookie(
            name: Self.flowCookie, value: flow.value, maxAge: Int(SignInService.flowLifetime) + Self.cookieAfterlife,
            secure: configuration.secureCookies)
    }

    /// How long a flow or session cookie outlives what it names (see `flowCookie`).
    static let cookieAfterlife = 86_400

    /// The redirect to sign in for a page of a sign-in step whose flow is not open: with the "expired"
    /// message when the browser still holds a flow cookie, and forgetting it. Nil when the flow is open.
    private func deadFlow(_ request: ConsoleRequest, stage: SignInFlow.Stage) -> ConsoleResponse? {
        guard let value = request.cookies[Self.flowCookie] else { return .redirect("/console/signin") }
        guard !signIn.flowIsOpen(OpaqueToken(value: value), at: stage) else { return nil }
        return ConsoleResponse.redirect(ExpiredNotice.signIn.location)
            .setting(.deleting(Self.flowCookie, secure: configuration.secureCookies))
    }

    private func home(_ request: ConsoleRequest) -> ConsoleResponse {
        guard let identity = signIn.identity(forSession: sessionToken(request)) else {
            return noPrincipal(request)
        }
        guard let principal = identity.acting else { return .redirect("/console/switch-role") }
        let events = mayLookUpEvents(principal, request: request)
        return withCSRF(request) {
            .html(
                HomePage.render(
                    principal: principal, identity: identity, csrf: $0, events: events,
                    verify: mayVerify(identity.signedIn),
                    header: header(request, csrf: $0)))
        }
    }

    /// Renders a page with the browser's CSRF token, issuing one when it has none.
    func withCSRF(_ request: ConsoleRequest, _ render: (String) -> ConsoleResponse) -> ConsoleResponse {
        let (token, cookie) = csrfToken(request)
        return cookie.map { render(token).setting($0) } ?? render(token)
    }

    /// The browser's CSRF token, and the cookie that issues a new one when it has none.
    func csrfToken(_ request: ConsoleRequest) -> (String, SetCookie?) {
        if let token = request.cookies[Self.csrfCookie], token.count >= 32 { return (token, nil) }
        let token = OpaqueToken.random().value
        return (token, SetCookie(name: Self.csrfCookie, value: token, maxAge: nil, secure: configuration.secureCookies))
    }

    /// The form of a POST whose CSRF token matches its cookie and whose Origin, when the browser sends one,
    /// is the console's own; nil otherwise.
    func verifiedForm(_ request: ConsoleRequest) -> QueryInput? {
        if let origin = request.header("Origin"), origin != configuration.origin { return nil }
        guard let form = try? QueryInput(formEncoded: request.body), let cookie = request.cookies[Self.csrfCookie],
            cookie.count >= 32, let field = form["csrf"], ConstantTime.equal(field, cookie)
        else { return nil }
        return form
    }

    /// A page of forms for the principal the console acts as. A GET renders it, issuing a CSRF token
    /// when the browser has none; a POST whose token checks out makes its form's change and renders the
    /// page again, with the notice that says what was done or the error that stopped it.
    func formPage(
        _ request: ConsoleRequest, render: (Principal, _ csrf: String, PageMessages) async -> ConsoleResponse,
        change: (Principal, QueryInput) async throws -> String
    ) async throws -> ConsoleResponse {
        guard let principal = signIn.principal(forSession: sessionToken(request)) else { return noPrincipal(request) }
        guard request.method == "POST" else {
            let (csrf, cookie) = csrfToken(request)
            let page = await render(principal, csrf, PageMessages())
            return cookie.map { page.setting($0) } ?? page
        }
        guard let form = verifiedForm(request) else { return refused() }
        let messages: PageMessages
        do {
            messages = PageMessages(notice: try await change(principal, form))
        } catch let error as AWSError {
            messages = PageMessages(error: PlainRefusal.message(error, principal: principal))
        }
        return await render(principal, form["csrf"] ?? "", messages)
    }

    /// Why a page could not be read, in words (`PlainRefusal`); `otherwise` for a failure that is no AWS
    /// error.
    func refusal(_ error: any Error, _ principal: Principal, or otherwise: String) -> String {
        (error as? AWSError).map { PlainRefusal.message($0, principal: principal) } ?? otherwise
    }

    func refused() -> ConsoleResponse {
        .html(
            Layout.page(
                title: "Form expired",
                body: Layout.message("This form has expired or did not come from this site.")
                    + "<p><a href=\"/console/signin\">Sign in again</a></p>"), status: 403)
    }

    /// The root user's MFA settings page.
    private func settingsPage(_ request: ConsoleRequest) async throws -> ConsoleResponse {
        guard let principal = signIn.principal(forSession: sessionToken(request)) else {
            return noPrincipal(request)
        }
        guard principal.kind == .root else {
            return .html(
                Layout.page(
                    title: "MFA settings", body: Layout.message("Only the root user changes MFA settings here.")),
                status: 403)
        }
        let admin = AdminService(environment: environment)
        let call = CallContext(
            principal: principal, requestId: request.requestId, now: clock.now, sourceIp: request.sourceIp)
        guard request.method == "POST" else {
            return withCSRF(request) {
                .html(SettingsPage.render(admin.mfaSettings(call), csrf: $0, header: header(request, csrf: $0)))
            }
        }
        guard let form = verifiedForm(request) else { return refused() }
        let csrf = form["csrf"] ?? ""
        var types = [String]()
        if form["app"] != nil { types.append(MFASettings.DeviceType.authenticatorApp.rawValue) }
        if form["key"] != nil { types.append(MFASettings.DeviceType.securityKey.rawValue) }
        let change = MFASettingsChange(
            prompt: form["prompt"], withoutDevice: form["withoutDevice"], allowedTypes: types,
            requireForConsoleUsers: form["consoleUsers"] != nil, requireForPrivileged: form["privileged"] != nil,
            gracePeriodDays: Int(form["grace"] ?? "") ?? -1, passkeySignIn: form["passkeySignIn"] != nil)
        do {
            let updated = try await admin.updateMFASettings(change, call)
            return .html(
                SettingsPage.render(updated, csrf: csrf, header: header(request, csrf: csrf), notice: "Saved."))
        } catch let error as AWSError {
            return .html(
                SettingsPage.render(
                    admin.mfaSettings(call), csrf: csrf, header: header(request, csrf: csrf),
                    error: PlainRefusal.message(error, principal: principal)))
        }
    }
}

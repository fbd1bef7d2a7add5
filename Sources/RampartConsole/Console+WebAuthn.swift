import Foundation
import RampartCore
import RampartMFA
import RampartServices

/// The JSON endpoints the console's script calls for passkeys and security keys. Each needs the CSRF
/// token in an `X-CSRF-Token` header (fetch sends the cookie; another site can send neither).
extension Console {
    var ceremonies: WebAuthnCeremonies {
        WebAuthnCeremonies(
            environment: environment,
            relyingParty: RelyingParty(id: configuration.relyingPartyId, origins: [configuration.origin]))
    }

    func webAuthn(_ path: String, request: ConsoleRequest) async throws -> ConsoleResponse {
        guard let cookie = request.cookies[Self.csrfCookie], cookie.count >= 32,
            let header = request.header("X-CSRF-Token"), ConstantTime.equal(header, cookie),
            request.header("Origin").map({ $0 == configuration.origin }) ?? true
        else { return Self.json(["error": "This request did not come from this site."], status: 403) }
        let body = Data(request.body)
        if path.hasPrefix("/console/webauthn/register"),
            signIn.principal(forSession: sessionToken(request))?.kind == .assumedRole
        {
            return Self.json(["error": "A role session has no security keys: switch back to add one."], status: 403)
        }
        switch path {
        case "/console/webauthn/authenticate/options":
            let flow = request.cookies[Self.flowCookie].map(OpaqueToken.init(value:))
            guard let options = try await signIn.securityKeyOptions(flow: flow, ceremonies: ceremonies) else {
                return Self.json(
                    ["error": SignInFailure.flowExpired.message, "redirect": "/console/signin"], status: 400)
            }
            return Self.json(options)
        case "/console/webauthn/authenticate":
            guard let response = try? JSONDecoder().decode(CeremonyResponse.self, from: body) else {
                return Self.json(["error": "The security key's response was not readable."], status: 400)
            }
            let flow = request.cookies[Self.flowCookie].map(OpaqueToken.init(value:))
            let (device, deviceCookie) = deviceToken(request)
            let step = try await signIn.verifySecurityKey(
                flow: flow, response: response, ceremonies: ceremonies, device: device, sourceIp: request.sourceIp,
                requestId: request.requestId)
            let reply = jsonStep(step)
            return deviceCookie.map { reply.setting($0) } ?? reply
        case "/console/webauthn/step-up/options":
            guard let options = try await signIn.stepUpOptions(session: sessionToken(request), ceremonies: ceremonies)
            else {
                return Self.json(
                    ["error": ExpiredNotice.session.message, "redirect": ExpiredNotice.session.location], status: 400)
            }
            return Self.json(options)
        case "/console/webauthn/step-up":
            guard let response = try? JSONDecoder().decode(CeremonyResponse.self, from: body) else {
                return Self.json(["error": "The security key's response was not readable."], status: 400)
            }
            switch try await signIn.stepUp(
                session: sessionToken(request), response: response, ceremonies: ceremonies, sourceIp: request.sourceIp,
                requestId: request.requestId)
            {
            case nil:
                struct Next: Decodable { var next: String? }
                let next = (try? JSONDecoder().decode(Next.self, from: body))?.next.flatMap(
                    ConfirmTarget.init(rawValue:))
                return Self.json(["redirect": next?.location ?? "/console"])
            case .flowExpired?:
                return Self.json(
                    ["error": ExpiredNotice.session.message, "redirect": ExpiredNotice.session.location], status: 400)
            case let failure?: return Self.json(["error": failure.message], status: 400)
            }
        case "/console/webauthn/passkey/options":
            // Bound to this browser's CSRF cookie: the sign-in page has no flow yet.
            return Self.json(try await ceremonies.discoverableOptions(binding: OpaqueToken(value: cookie).hash))
        case "/console/webauthn/passkey":
            guard let response = try? JSONDecoder().decode(CeremonyResponse.self, from: body) else {
                return Self.json(["error": "The passkey's response was not readable."], status: 400)
            }
            let (device, deviceCookie) = deviceToken(request)
            let step = try await signIn.signInWithPasskey(
                response, binding: OpaqueToken(value: cookie).hash, ceremonies: ceremonies, device: device,
                sourceIp: request.sourceIp, requestId: request.requestId)
            let reply = jsonStep(step)
            return deviceCookie.map { reply.setting($0) } ?? reply
        case "/console/webauthn/register/options":
            guard let signedIn = signIn.principal(forSession: sessionToken(request)) else {
                return Self.json(
                    ["error": ExpiredNotice.session.message, "redirect": ExpiredNotice.session.location], status: 400)
            }
            // The name is checked before the browser creates a credential: refused afterwards, it would
            // leave a key on the authenticator that the server never stored (and later offers at sign-in).
            // It is checked before the step-up too, so that a bad name does not use up a code.
            if let refusal = keyNameRefusal(body, principal: signedIn) {
                return Self.json(["error": refusal], status: 400)
            }
            guard let (principal, binding) = try await sessionForKeyChange(request, body: body) else {
                // A wrong code leaves the person on the page to try again; only a session that ended
                // sends them to sign in.
                if signIn.principal(forSession: sessionToken(request)) == nil {
                    return Self.json(
                        ["error": ExpiredNotice.session.message, "redirect": ExpiredNotice.session.location],
                        status: 400)
                }
                return Self.json(["error": stepUpMessage(request)], status: 400)
            }
            guard signIn.mfaSettings(principal.account).allows(.securityKey) else {
                return Self.json(["error": "This account does not allow passkeys or security keys."], status: 403)
            }
            // Registering a key is enabling an MFA device: the principal's policies must allow it, unless
            // the account requires it to have MFA and it has none (see `ownDevices`).
            var parameters = [String: String]()
            if principal.kind == .user { parameters["UserName"] = principal.name }
            do {
                try await ownDevices("EnableMFADevice", parameters: parameters, as: principal, request: request) {
                    _, _ in
                }
            } catch let denied as AWSError {
                return Self.json(["error": PlainRefusal.message(denied, principal: principal)], status: 403)
            }
            return Self.json(try await ceremonies.registrationOptions(for: principal, binding: binding))
        default:  // "/console/webauthn/register"
            guard let token = sessionToken(request), let principal = signIn.principal(forSession: token) else {
                return Self.json(
                    ["error": SignInFailure.flowExpired.message, "redirect": "/console/signin"], status: 400)
            }
            guard let response = try? JSONDecoder().decode(CeremonyResponse.self, from: body) else {
                return Self.json(["error": "The security key's response was not readable."], status: 400)
            }
            do {
                _ = try await ceremonies.register(
                    response, for: principal, binding: token.hash, requestId: request.requestId,
                    sourceIp: request.sourceIp)
            } catch let failure as WebAuthnCeremonies.Failure {
                return Self.json(["error": failure.message], status: 400)
            }
            return Self.json(["redirect": SecurityNotice.keyAdded.location])
        }
    }

    /// Why the name a registration's options were asked with cannot be the new key's: it breaks the
    /// device name rule, or another of the principal's devices has it. Nil when it may be.
    private func keyNameRefusal(_ body: Data, principal: Principal) -> String? {
        struct Named: Decodable { var label: String? }
        let label = (try? JSONDecoder().decode(Named.self, from: body))?.label ?? ""
        do {
            try DeviceNameRule.check(label, maxLength: WebAuthnCeremonies.labelMaxLength)
        } catch {
            return error.message
        }
        if signIn.hasDevice(named: label, principal) { return WebAuthnCeremonies.Failure.labelInUse.message }
        return nil
    }

    /// The session's principal for adding a key, after a step-up code from the request body when the
    /// principal has devices and has not proved one lately.
    private func sessionForKeyChange(_ request: ConsoleRequest, body: Data) async throws -> (Principal, String)? {
        guard let token = sessionToken(request), let principal = signIn.principal(forSession: token) else { return nil }
        guard signIn.hasDevices(principal), !signIn.hasFreshMFA(principal) else { return (principal, token.hash) }
        struct StepUp: Decodable { var code: String? }
        let code = (try? JSONDecoder().decode(StepUp.self, from: body))?.code ?? ""
        if try await signIn.stepUp(session: token, code: code, sourceIp: request.sourceIp, requestId: request.requestId)
            != nil
        {
            return nil
        }
        return signIn.principal(forSession: token).map { ($0, token.hash) }
    }

    /// What to do when a key change needs a fresh proof that was not given: a code, or for a principal
    /// with passkeys alone, "Verify with MFA" (which takes a passkey).
    private func stepUpMessage(_ request: ConsoleRequest) -> String {
        guard let principal = signIn.principal(forSession: sessionToken(request)) else {
            return SignInFailure.flowExpired.message
        }
        return signIn.hasCodeDevices(principal)
            ? "Enter a current code from one of your devices first."
            : "Verify with MFA first (the button at the top of the page), then add the key."
    }

    private func jsonStep(_ step: SignInStep) -> ConsoleResponse {
        environment.metrics.signInStep(step)
        switch step {
        case .signedIn(let session, let expiresAt):
            let secure = configuration.secureCookies
            return Self.json(["redirect": "/console"])
                .setting(.deleting(Self.flowCookie, secure: secure))
                .setting(
                    SetCookie(
                        name: Self.sessionCookie, value: session.value,
                        maxAge: Int(expiresAt.timeIntervalSince(clock.now)) + Self.cookieAfterlife, secure: secure))
        case .failed(.flowExpired):
            return Self.json(
                ["error": SignInFailure.flowExpired.message, "redirect": ExpiredNotice.signIn.location], status: 400)
        case .failed(let failure):
            return Self.json(["error": failure.message], status: 400)
        case .changePassword, .secondFactor, .enroll:
            return Self.json(["redirect": "/console/signin"])
        }
    }

    static func json(_ value: some Encodable, status: Int = 200) -> ConsoleResponse {
        let body = (try? JSONEncoder().encode(value)) ?? Data("{}".utf8)
        return ConsoleResponse(status: status, headers: [("Content-Type", "application/json")], body: Array(body))
    }
}

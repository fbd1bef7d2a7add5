import Foundation
import RampartCore
import RampartServices
import RampartWire

/// The security-credentials page and its forms. Every change runs through PrincipalCalls, so it is
/// authorized by the principal's own policies, with this session's MFA facts.
extension Console {
    func sessionToken(_ request: ConsoleRequest) -> OpaqueToken? {
        request.cookies[Self.sessionCookie].map(OpaqueToken.init(value:))
    }

    func securityPage(
        _ request: ConsoleRequest, principal: Principal, csrf: String, error: String? = nil, notice: String? = nil
    ) async -> ConsoleResponse {
        var devices: [SecurityPage.Device]?
        var nicknames = [String: String]()
        var problem = error
        do {
            let listed = try await ownDevices(
                "ListMFADevices", as: principal, request: request
            ) { iam, call in try await iam.listMFADevices(IAM.ListMFADevicesRequest(), call) }
            let owner = principal.kind == .root ? nil : principal.name
            let names = DeviceNicknames(environment: environment).nicknames(account: principal.account, owner: owner)
            let used = DeviceActivity(environment: environment).lastUsed(account: principal.account, owner: owner)
            nicknames = names
            devices = listed.mfaDevices.map {
                SecurityPage.Device(
                    serialNumber: $0.serialNumber, enableDate: $0.enableDate, nickname: names[$0.serialNumber],
                    lastUsed: used[$0.serialNumber])
            }
        } catch let denied as AWSError {
            problem = problem ?? PlainRefusal.message(denied, principal: principal)
        } catch {
            problem = problem ?? "Your devices could not be listed."
        }
        let needsStepUp = mayConfirm(principal)
        let notice =
            notice ?? SecurityNotice(query: request.query)?.message
            ?? (signIn.mustEnroll(session: sessionToken(request))
                ? "Your account requires MFA: set up a device to continue." : nil)
        let recovery = RecoveryCodes(environment: environment).status(
            account: principal.account, owner: principal.kind == .root ? nil : principal.name)
        let signIns = await recentSignIns(request, principal: principal, nicknames: nicknames)
        return .html(
            SecurityPage.render(
                principal: principal, devices: devices, hasDevices: signIn.hasDevices(principal), csrf: csrf,
                header: header(request, csrf: csrf),
                needsStepUp: needsStepUp, recovery: recovery,
                passwordPolicy: signIn.passwordPolicy(account: principal.account), signIns: signIns, error: problem,
                notice: notice))
    }

    /// The principal's own latest sign-ins, read from the trail directly: they are the person's own
    /// record, like their recovery codes' uses, and need no permission to look up the account's events
    /// (nor spend the account's LookupEvents budget). Those who may look up events get a link to all of
    /// their own in the event history.
    private func recentSignIns(_ request: ConsoleRequest, principal: Principal, nicknames: [String: String]) async
        -> String
    {
        let now = clock.now
        let recent = try? await SignInHistory(environment: environment).recent(
            of: principal, from: now.addingTimeInterval(-configuration.trailRetention), to: now)
        var allEvents: String?
        if mayLookUpEvents(principal, request: request) {
            var filter = EventFilter()
            filter.key = .username
            filter.value = principal.kind == .root ? "root" : principal.name
            allEvents = "/console/events?" + filter.query(token: nil)
        }
        return RecentSignInsSection.render(recent, nicknames: nicknames, allEvents: allEvents)
    }

    /// A POST to a security form: the session's principal, refreshed after a step-up code when one was
    /// needed; or the response that ends the request (signed out, wrong code).
    func securityPost(_ path: String, form: QueryInput, request: ConsoleRequest) async throws -> ConsoleResponse {
        let csrf = form["csrf"] ?? ""
        guard var principal = signIn.principal(forSession: sessionToken(request)) else {
            return noPrincipal(request)
        }
        if principal.kind == .assumedRole {
            return needsUser(request, principal: principal, title: "Security credentials")
        }
        // Renaming changes nothing that protects the account, so it needs no fresh proof; nor does
        // cancelling a set-up, which only removes what the same person just created.
        if path != "/console/security/authenticator/enable", path != "/console/security/password",
            path != "/console/security/rename", path != "/console/security/authenticator/cancel",
            mayConfirm(principal)
        {
            // No code with the form (the page no longer asks for one under each button): the one
            // confirmation page, which returns to where the change is made.
            guard let code = form["code"], !code.isEmpty else {
                let adding = path == "/console/security/authenticator" || path == "/console/security/hardware"
                return confirmFirst(adding ? .assign : .security, request: request)
            }
            if let failure = try await signIn.stepUp(
                session: sessionToken(request), code: form["code"] ?? "", sourceIp: request.sourceIp,
                requestId: request.requestId)
            {
                return await securityPage(request, principal: principal, csrf: csrf, error: failure.message)
            }
            guard let refreshed = signIn.principal(forSession: sessionToken(request)) else {
                return .redirect("/console/signin")
            }
            principal = refreshed
        }
        do {
            switch path {
            case "/console/security/authenticator":
                do {
                    return try await addAuthenticator(form, request: request, principal: principal)
                } catch let error as AWSError {
                    return .html(
                        AssignDevicePage.app(
                            csrf: csrf, header: header(request, csrf: csrf),
                            error: PlainRefusal.message(error, principal: principal), name: form["name"] ?? ""))
                }
            case "/console/security/hardware":
                return try await enableHardware(form, request: request, principal: principal)
            case "/console/security/authenticator/enable":
                return try await enableAuthenticator(form, request: request, principal: principal)
            case "/console/security/authenticator/cancel":
                let cancelled = try await PendingAuthenticator(environment: environment).cancel(
                    serialNumber: form["serial"] ?? "", presented: form["seed"] ?? "", account: principal.account,
                    userName: principal.kind == .root ? nil : principal.name, requestId: request.requestId,
                    sourceIp: request.sourceIp)
                // Back to the name, for a person who cancelled to choose another or to try again.
                return .html(
                    AssignDevicePage.app(
                        csrf: csrf, header: header(request, csrf: csrf),
                        notice: cancelled ? "Setting up the authenticator app was cancelled." : nil))
            case "/console/security/rename":
                try await DeviceNicknames(environment: environment).rename(
                    serialNumber: form["serial"] ?? "", to: form["nickname"] ?? "", account: principal.account,
                    owner: principal.kind == .root ? nil : principal.name)
                return await securityPage(request, principal: principal, csrf: csrf, notice: "The device was renamed.")
            case "/console/security/recovery":
                let codes = try await RecoveryCodes(environment: environment).generate(
                    account: principal.account, owner: principal.kind == .root ? nil : principal.name,
                    requestId: request.requestId, sourceIp: request.sourceIp)
                return .html(RecoveryCodesPage.render(codes: codes, header: header(request, csrf: csrf)))
            case "/console/security/remove":
                try await removeDevice(form["serial"] ?? "", request: request, principal: principal)
                return await securityPage(request, principal: principal, csrf: csrf, notice: "The device was removed.")
            default:  // "/console/security/password"
                guard form["new"] == form["confirm"] else {
                    return await securityPage(
                        request, principal: principal, csrf: csrf, error: "The new passwords do not match.")
                }
                try await calls.perform(
                    "ChangePassword", as: principal, sourceIp: request.sourceIp, requestId: request.requestId
                ) { iam, call in
                    try await iam.changePassword(
                        IAM.ChangePasswordRequest(oldPassword: form["old"] ?? "", newPassword: form["new"] ?? ""), call)
                }
                return await securityPage(
                    request, principal: principal, csrf: csrf, notice: "Your password was changed.")
            }
        } catch let error as AWSError {
            return await securityPage(
                request, principal: principal, csrf: csrf,
                error: PlainRefusal.message(error, principal: principal))
        }
    }

    private func addAuthenticator(_ form: QueryInput, request: ConsoleRequest, principal: Principal) async throws
        -> ConsoleResponse
    {
        let name = form["name"] ?? ""
        guard signIn.mfaSettings(principal.account).allows(.authenticatorApp) else {
            throw AWSError.invalidInput("This account does not allow authenticator apps.")
        }
        try DeviceNameRule.check(name)
        let created: IAM.CreateVirtualMFADeviceResponse
        do {
            created = try await ownDevices(
                "CreateVirtualMFADevice", parameters: ["VirtualMFADeviceName": name, "Path": "/"], as: principal,
                request: request
            ) { iam, call in
                try await iam.createVirtualMFADevice(
                    IAM.CreateVirtualMFADeviceRequest(virtualMFADeviceName: name), call)
            }
        } catch let error as AWSError where error.code == "EntityAlreadyExists" {
            throw AWSError.invalidInput(
                "The account already has an authenticator named \(name) (perhaps one whose set-up was not "
                    + "finished). Choose another name.")
        }
        let device = created.virtualMFADevice
        return .html(
            EnrollAuthenticatorPage.render(
                serialNumber: device.serialNumber,
                seed: device.base32StringSeed.map { String(decoding: $0, as: UTF8.self) },
                qrPNG: device.qrCodePNG, csrf: form["csrf"] ?? "", error: nil))
    }

    /// A call on the principal's own devices: authorized by its policies, unless the account requires it
    /// to have MFA and it has none yet (see `PrincipalCalls.enrolling`).
    func ownDevices<T: Sendable>(
        _ action: String, parameters: [String: String] = [:], as principal: Principal, request: ConsoleRequest,
        _ body: (IAMService, CallContext) async throws -> T
    ) async throws -> T {
        if enrollmentRequired(principal) {
            return try await calls.enrolling(
                action, parameters: parameters, as: principal, sourceIp: request.sourceIp,
                requestId: request.requestId, body)
        }
        return try await calls.perform(
            action, parameters: parameters, as: principal, sourceIp: request.sourceIp, requestId: request.requestId,
            body)
    }

    /// Whether the account requires the principal to have MFA and it has no device yet.
    func enrollmentRequired(_ principal: Principal) -> Bool {
        principal.kind != .assumedRole && !signIn.hasDevices(principal) && signIn.mustHaveMFA(principal)
    }

    private func enableAuthenticator(_ form: QueryInput, request: ConsoleRequest, principal: Principal) async throws
        -> ConsoleResponse
    {
        let serial = form["serial"] ?? ""
        do {
            try await enableOwnDevice(serial, form: form, request: request, principal: principal)
        } catch let error as AWSError {
            // The seed and QR code again for the person who was shown them (the page posts the seed back),
            // so that a mistyped code does not send them back to the start.
            let again = PendingAuthenticator(environment: environment).display(
                serialNumber: serial, presented: form["seed"] ?? "", account: principal.account)
            return .html(
                EnrollAuthenticatorPage.render(
                    serialNumber: serial, seed: again?.seed, qrPNG: again?.qrPNG, csrf: form["csrf"] ?? "",
                    error: error.message == "Authentication code for device is not valid."
                        ? "Those codes are not valid. Enter two consecutive codes from the app."
                        : PlainRefusal.message(error, principal: principal)))
        }
        return await securityPage(
            request, principal: principal, csrf: form["csrf"] ?? "", notice: "The device was added.")
    }

    /// EnableMFADevice for the principal itself, with the form's two consecutive codes.
    func enableOwnDevice(_ serial: String, form: QueryInput, request: ConsoleRequest, principal: Principal)
        async throws
    {
        var parameters = ["SerialNumber": serial]
        if principal.kind == .user { parameters["UserName"] = principal.name }
        try await ownDevices("EnableMFADevice", parameters: parameters, as: principal, request: request) {
            iam, call in
            try await iam.enableOwnMFADevice(
                serialNumber: serial, code1: form["code1"] ?? "", code2: form["code2"] ?? "", call)
        }
    }

    /// Deactivates the device and, for an authenticator app, deletes it. A principal that must have MFA
    /// (root always) keeps at least one device.
    private func removeDevice(_ serial: String, request: ConsoleRequest, principal: Principal) async throws {
        let userName = principal.kind == .user ? principal.name : nil
        if signIn.mustHaveMFA(principal) {
            let listed = try await calls.perform(
                "ListMFADevices", as: principal, sourceIp: request.sourceIp, requestId: request.requestId
            ) { iam, call in try await iam.listMFADevices(IAM.ListMFADevicesRequest(), call) }
            if listed.mfaDevices.count <= 1 {
                throw AWSError.invalidInput(
                    principal.kind == .root
                        ? "The root user must keep at least one MFA device."
                        : "Your account requires MFA: you must keep at least one MFA device.")
            }
        }
        var parameters = ["SerialNumber": serial]
        if let userName { parameters["UserName"] = userName }
        try await calls.perform(
            "DeactivateMFADevice", parameters: parameters, as: principal, sourceIp: request.sourceIp,
            requestId: request.requestId
        ) { iam, call in
            try await iam.deactivateMFADevice(
                IAM.DeactivateMFADeviceRequest(userName: userName, serialNumber: serial), call)
        }
        if serial.contains(":mfa/") {
            try await calls.perform(
                "DeleteVirtualMFADevice", parameters: ["SerialNumber": serial], as: principal,
                sourceIp: request.sourceIp, requestId: request.requestId
            ) { iam, call in
                try await iam.deleteVirtualMFADevice(IAM.DeleteVirtualMFADeviceRequest(serialNumber: serial), call)
            }
        }
    }
}

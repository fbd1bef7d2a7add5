import Foundation
import RampartCore
import RampartServices
import RampartWire

/// "Assign MFA device" (`/console/security/assign`): the choice of type, then the chosen type's page
/// (`AssignDevicePage`), and the hardware token's form. Adding a device when the principal already has one
/// needs a recent proof of it: without one the page sends the person to confirm first.
extension Console {
    func assignDevice(_ request: ConsoleRequest) async -> ConsoleResponse {
        guard let principal = signIn.principal(forSession: sessionToken(request)) else { return noPrincipal(request) }
        if principal.kind == .assumedRole {
            return needsUser(request, principal: principal, title: "Assign MFA device")
        }
        if mayConfirm(principal) { return .redirect(ConfirmTarget.assign.confirmation) }
        let settings = signIn.mfaSettings(principal.account)
        let allowed = Set(AssignDevicePage.Kind.allCases.filter { settings.allows($0.deviceType) })
        let chosen = PageQuery.value("type", in: request.query).map { AssignDevicePage.Kind(rawValue: $0) }
        return withCSRF(request) { csrf in
            let header = header(request, csrf: csrf)
            switch chosen {
            case nil:
                return .html(AssignDevicePage.choice(allowed: allowed, header: header))
            case let kind?? where allowed.contains(kind):
                switch kind {
                case .app: return .html(AssignDevicePage.app(csrf: csrf, header: header))
                case .key: return .html(AssignDevicePage.key(csrf: csrf, header: header))
                case .hardware: return .html(AssignDevicePage.hardware(csrf: csrf, header: header))
                }
            case .some:
                return .html(
                    AssignDevicePage.choice(
                        allowed: allowed, header: header,
                        error: "Choose one of the kinds of device this account allows."),
                    status: 400)
            }
        }
    }

    /// A hardware TOTP token an administrator imported: EnableMFADevice with its serial number and two
    /// consecutive codes, as AWS's console assigns one.
    func enableHardware(_ form: QueryInput, request: ConsoleRequest, principal: Principal) async throws
        -> ConsoleResponse
    {
        let serial = (form["serial"] ?? "").trimmingCharacters(in: .whitespaces)
        let csrf = form["csrf"] ?? ""
        func again(_ message: String) -> ConsoleResponse {
            .html(
                AssignDevicePage.hardware(
                    csrf: csrf, header: header(request, csrf: csrf), error: message, serial: serial))
        }
        guard signIn.mfaSettings(principal.account).allows(.authenticatorApp) else {
            return again("This account does not allow devices that show codes.")
        }
        do {
            try await enableOwnDevice(serial, form: form, request: request, principal: principal)
        } catch let error as AWSError {
            switch error.code {
            case "NoSuchEntity", "ValidationError":
                return again(
                    "There is no hardware token \(serial) in this account. Check the serial number on the back of "
                        + "the token, or ask an administrator of account \(principal.account.rawValue) to import it.")
            case "EntityAlreadyExists":
                return again("That token is already assigned. Ask your administrator for a token of your own.")
            case "InvalidAuthenticationCode":
                return again(
                    "Those codes are not valid. Press the token's button, type the code, then press it again and "
                        + "type the next one.")
            default:
                return again(PlainRefusal.message(error, principal: principal))
            }
        }
        return await securityPage(request, principal: principal, csrf: csrf, notice: "The hardware token was added.")
    }
}

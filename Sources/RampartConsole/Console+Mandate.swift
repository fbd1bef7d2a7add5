import Foundation
import RampartCore
import RampartServices
import RampartWire

/// The mandate's page and its forms. Reading is `GetMandateReport` and every change the admin API's
/// operation (`PauseMandateRollout`, `ExemptAccountFromMandate`, …), run through PrincipalCalls as the
/// principal the console acts as: authorized as `rampart:<Operation>`, then held to the mandate's rule
/// that only principals of the operator account call it. Others are told so and shown nothing.
extension Console {
    func mandate(_ path: String, request: ConsoleRequest) async throws -> ConsoleResponse {
        // The report's day, when a GET asks for one.
        let date = (try? QueryInput(formEncoded: request.query))?["date"].flatMap { $0.isEmpty ? nil : $0 }
        return try await formPage(request) { principal, csrf, messages in
            await mandatePage(request, principal, csrf: csrf, date: date, messages: messages)
        } change: { principal, form in
            // Others are shown only that they may not; nothing is asked of the service.
            guard MandateService(environment: environment).isOperator(principal.account) else { return "" }
            return try await changeMandate(path, form: form, request: request, principal: principal)
        }
    }

    /// One form's change; the notice that says it was made.
    private func changeMandate(_ path: String, form: QueryInput, request: ConsoleRequest, principal: Principal)
        async throws -> String
    {
        func call(_ action: String, _ body: (MandateService, CallContext) async throws -> MandateConfiguration)
            async throws
        {
            _ = try await calls.mandate(
                action, as: principal, sourceIp: request.sourceIp, requestId: request.requestId, body)
        }
        switch path {
        case "/console/mandate/pause":
            try await call("PauseMandateRollout") { service, context in try await service.pause(context) }
            return "The rollout is paused: no wave starts until it is resumed."
        case "/console/mandate/resume":
            try await call("ResumeMandateRollout") { service, context in try await service.resume(context) }
            return "The rollout is resumed: waves that had not started moved later by the pause's length."
        case "/console/mandate/exempt":
            let account = try Self.accountID(form["account"])
            let reason = try Self.checked(form["reason"], "The reason", 1...256)
            let expiry = form["expires"] ?? ""
            let expires = expiry.isEmpty ? nil : try Self.day(expiry, "The expiry")
            try await call("ExemptAccountFromMandate") { service, context in
                try await service.exempt(account, reason: reason, expires: expires, context)
            }
            return "The account \(account.rawValue) is exempt from the mandate."
        case "/console/mandate/unexempt":
            let account = try Self.accountID(form["account"])
            try await call("RemoveMandateExemption") { service, context in
                try await service.removeExemption(account, context)
            }
            return "The account \(account.rawValue) is no longer exempt."
        case "/console/mandate/skip-wave":
            let wave = try Self.number(form["wave"], "The wave")
            try await call("SkipMandateWave") { service, context in try await service.skipWave(wave, context) }
            return "Wave \(wave) moved to the end of its phase."
        case "/console/mandate/move":
            let account = try Self.accountID(form["account"])
            let wave = try Self.number(form["wave"], "The wave")
            try await call("MoveAccountToMandateWave") { service, context in
                try await service.move(account, toWave: wave, context)
            }
            return "The account \(account.rawValue) is in wave \(wave)."
        default:  // "/console/mandate/plan"
            let phases = try Self.phases(form)
            let size = try Self.number(form["wave-size"], "The wave size")
            let interval = try Self.number(form["interval"], "The days between waves")
            try await call("PlanMandateRollout") { service, context in
                try await service.plan(
                    phases: phases, waveSize: size, waveIntervalDays: interval, dryRun: form["dry-run"] != nil,
                    dryRunWaves: [], context)
            }
            return "The rollout is planned."
        }
    }

    /// The page for the acting principal: the mandate for the operator account's principals, the note
    /// that only the operator account manages it for others, the refusal when GetMandateReport is denied.
    func mandatePage(
        _ request: ConsoleRequest, _ principal: Principal, csrf: String, date: String? = nil,
        messages: PageMessages = .init()
    ) async -> ConsoleResponse {
        let header = header(request, csrf: csrf)
        guard MandateService(environment: environment).isOperator(principal.account) else {
            return .html(MandatePage.notOperator(account: principal.account, header: header), status: 403)
        }
        var messages = messages
        var day: Date?
        if let date {
            do throws(AWSError) {
                day = try Self.day(date, "The report's date")
            } catch {
                messages.error = messages.error ?? error.message
            }
        }
        do {
            let (configuration, report) = try await calls.mandate(
                "GetMandateReport", as: principal, sourceIp: request.sourceIp, requestId: request.requestId
            ) { service, context in (service.configuration(), try service.report(at: day, context)) }
            let view = MandatePage.View(
                configuration: configuration, report: report, now: clock.now, date: day == nil ? nil : date)
            return .html(MandatePage.render(view, header: header, csrf: csrf, messages: messages))
        } catch {
            messages.error = messages.error ?? refusal(error, principal, or: "The mandate could not be read.")
            return .html(MandatePage.unavailable(header: header, messages: messages), status: 403)
        }
    }

    /// A `YYYY-MM-DD` day (an `<input type="date">`'s value) as its first instant, UTC.
    static func day(_ text: String, _ what: String) throws(AWSError) -> Date {
        guard let date = Timestamp.parse(text + "T00:00:00Z"), Timestamp.iso8601(date).prefix(10) == text else {
            throw AWSError.validation("\(what) must be a day written YYYY-MM-DD.")
        }
        return date
    }

    static func accountID(_ text: String?) throws(AWSError) -> AccountID {
        let text = (text ?? "").trimmingCharacters(in: .whitespaces)
        guard let account = AccountID(text) else { throw AWSError.validation("Enter a 12-digit account ID.") }
        return account
    }

    static func number(_ text: String?, _ what: String) throws(AWSError) -> Int {
        guard let number = Int((text ?? "").trimmingCharacters(in: .whitespaces)) else {
            throw AWSError.validation("\(what) must be a whole number.")
        }
        return number
    }

    /// The plan form's phases: the first always, the second when any of its fields is filled in.
    static func phases(_ form: QueryInput) throws(AWSError) -> [Rollout.Phase] {
        var phases = [Rollout.Phase]()
        for number in 1...2 {
            let kinds = Set(AccountKind.allCases.filter { form["phase\(number)-\($0.rawValue)"] != nil })
            let start = form["phase\(number)-start"] ?? ""
            if number > 1, kinds.isEmpty, start.isEmpty { continue }
            guard !kinds.isEmpty else { throw AWSError.validation("Choose the account kinds of phase \(number).") }
            phases.append(Rollout.Phase(kinds: kinds, start: try day(start, "The start of phase \(number)")))
        }
        return phases
    }
}

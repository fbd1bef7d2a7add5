import Foundation
import RampartCore
import RampartServices
import RampartWire

/// The event history. Reading it is CloudTrail's `LookupEvents`, run through PrincipalCalls as the
/// principal the console acts as: authorized as `cloudtrail:LookupEvents` on `*` by the authorizer the
/// API uses (with the session's MFA facts as condition keys), then answered by the same CloudTrailAPI
/// code (the same validation, the organization view for a management account, the same NextToken).
///
/// Only the rate limit differs. LookupEvents allows two calls a second per account, shared by every
/// client of the account; a person clicking through pages, or opening a security page, must neither
/// be refused by a script that uses up the account's budget nor use it up for the script. The console
/// therefore asks through a CloudTrailAPI of its own without that limit: one lookup per page a signed-in
/// person opens, each of at most fifty events, so its cost is bounded by the session, not the budget.
extension Console {
    func events(_ request: ConsoleRequest) async -> ConsoleResponse {
        guard let principal = signIn.principal(forSession: sessionToken(request)) else { return noPrincipal(request) }
        let (csrf, cookie) = csrfToken(request)
        let page = await eventsPage(request, principal, csrf: csrf)
        return cookie.map { page.setting($0) } ?? page
    }

    private func eventsPage(_ request: ConsoleRequest, _ principal: Principal, csrf: String) async -> ConsoleResponse {
        let header = header(request, csrf: csrf)
        // Authorized before the query is even read: a refused principal learns nothing from it.
        do {
            _ = try await calls.cloudTrail(
                "LookupEvents", on: trail, as: principal, sourceIp: request.sourceIp, requestId: request.requestId
            ) { _, context in context }
        } catch {
            let reason = refusal(error, principal, or: "The request was refused.")
            return .html(EventHistoryPage.notAuthorized(reason: reason, header: header), status: 403)
        }
        var filter = EventFilter()
        do {
            filter = try EventFilter(query: request.query)
            let asked = try filter.request()
            let response = try await calls.cloudTrail(
                "LookupEvents", on: trail, as: principal, sourceIp: request.sourceIp, requestId: request.requestId
            ) { api, context in try await api.lookupEvents(asked, context) }
            var organization: String?
            if case .organization(let id) = trail.scope(of: principal.account) { organization = id }
            let view = EventHistoryPage.View(
                filter: filter, rows: (response.events ?? []).map(EventRow.init), nextToken: response.nextToken,
                account: principal.account, organization: organization)
            return .html(EventHistoryPage.render(view, header: header))
        } catch {
            let message = (error as? AWSError)?.message ?? "The events could not be read."
            return .html(
                EventHistoryPage.failed(filter, header: header, messages: PageMessages(error: message)), status: 400)
        }
    }

    /// Whether the acting principal may open the event history: the header and home page link it then.
    func mayLookUpEvents(_ principal: Principal, request: ConsoleRequest) -> Bool {
        calls.allows(
            service: "cloudtrail", action: "LookupEvents", as: principal, sourceIp: request.sourceIp,
            requestId: request.requestId)
    }
}

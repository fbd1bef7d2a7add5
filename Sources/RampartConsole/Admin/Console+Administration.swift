import Foundation
import RampartCore
import RampartServices
import RampartWire

/// The administrator's pages: users, groups, roles, policies and the account. Each area is in a file of
/// its own (`Console+Users.swift`, …); this one turns a request into an `AdminRequest` and sends it on.
extension Console {
    func administration(_ path: AdminPath, request: ConsoleRequest) async -> ConsoleResponse {
        guard let principal = signIn.principal(forSession: sessionToken(request)) else { return noPrincipal(request) }
        var form: QueryInput?
        if request.method == "POST" {
            guard let verified = verifiedForm(request) else { return refused() }
            form = verified
        }
        let (issued, cookie) = csrfToken(request)
        let csrf = form?["csrf"] ?? issued
        let admin = AdminRequest(
            principal: principal, request: request, csrf: csrf, header: header(request, csrf: csrf), form: form,
            calls: calls)
        let response: ConsoleResponse
        switch path.area {
        case .users: response = await users(path, admin)
        case .groups: response = await groups(path, admin)
        case .roles: response = await roles(path, admin)
        case .policies: response = await policies(path, admin)
        case .account: response = await account(path, admin)
        }
        return cookie.map { response.setting($0) } ?? response
    }

    /// Runs a change and says how it went: the notice, or the error in words.
    func outcome(_ admin: AdminRequest, _ change: () async throws -> String) async -> PageMessages {
        do {
            return PageMessages(notice: try await change())
        } catch {
            return PageMessages(error: admin.words(error))
        }
    }

    /// Every item of a paged IAM list, page after page, as a client of the API reads it.
    func everything<Item>(_ page: (String?) async throws -> (items: [Item], next: String?)) async throws -> [Item] {
        var items = [Item]()
        var marker: String?
        repeat {
            let (got, next) = try await page(marker)
            items += got
            marker = next
        } while marker != nil
        return items
    }
}

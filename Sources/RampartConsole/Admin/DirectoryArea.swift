import Foundation

/// The shape the users, groups and roles areas share: a list with a create form, a page per entity,
/// forms posted to the entity's page, and deletion behind a confirmation that names it again.
struct DirectoryArea {
    var entity: AdminEntity
    var list: (PageMessages) async -> ConsoleResponse
    var create: () async throws -> String
    /// The entity's page after a GET (action nil) or after the form `action` was posted.
    var page: (_ name: String, PageMessages, _ action: String?) async -> ConsoleResponse
    var consequences: String
    var delete: (String) async throws -> String
    var change: (_ name: String, _ action: String) async -> PageMessages

    func respond(_ path: AdminPath, _ admin: AdminRequest, console: Console) async -> ConsoleResponse {
        // A document of the entity (a trust or inline policy) has an editor page of its own, for GET and POST.
        if let name = path.name, let action = path.action,
            let editor = await console.documentEditor(entity, name, action, admin)
        {
            return editor
        }
        switch (path.name, path.action, admin.form != nil) {
        case (nil, nil, false):
            return await list(PageMessages())
        case ("create", nil, true):
            return await list(await console.outcome(admin, create))
        case (let name?, nil, false):
            return await page(name, PageMessages(), nil)
        case (let name?, "delete", false):
            return .html(confirm(name, admin))
        case (let name?, "delete", true):
            guard admin.field("confirm") == name else {
                return .html(confirm(name, admin, error: "Type the \(entity.noun)'s name exactly to delete it."))
            }
            let messages = await console.outcome(admin) { try await delete(name) }
            guard messages.error == nil else { return .html(confirm(name, admin, error: messages.error)) }
            return await list(messages)
        case (let name?, let action?, true):
            return await page(name, await change(name, action), action)
        default:
            return .html(
                Layout.page(
                    title: "Not found", body: "<p><a href=\"/console\">Console home</a></p>", header: admin.header),
                status: 404)
        }
    }

    private func confirm(_ name: String, _ admin: AdminRequest, error: String? = nil) -> String {
        ConfirmDeletePage.render(
            noun: entity.noun, name: name, action: AdminPath.entity(entity.area, name, "delete"),
            consequences: consequences, back: AdminPath.entity(entity.area, name), csrf: admin.csrf,
            header: admin.header, error: error)
    }
}

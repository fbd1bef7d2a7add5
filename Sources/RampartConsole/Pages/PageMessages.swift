/// What a page says above its content after a form: the error that stopped it, or the notice that
/// says what was done.
struct PageMessages {
    var error: String?
    var notice: String?

    var html: String { Layout.message(error) + Layout.message(notice, kind: "notice") }
}

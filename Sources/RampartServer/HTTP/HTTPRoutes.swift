/// Which routes one listener serves: the main one everything (metrics unless they have a listener
/// of their own, the clock only for tests), a metrics listener `/metrics` alone.
struct HTTPRoutes: Sendable {
    var api = true
    var clockControl = false
    var metrics = false

    func match(method: String, path: String) -> HTTPRoute.Match {
        HTTPRoute.match(method: method, path: path, clockControl: clockControl, metrics: metrics, api: api)
    }
}

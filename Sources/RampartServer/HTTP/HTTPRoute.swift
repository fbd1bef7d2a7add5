/// The server's few routes. Matching is a pure function of method and path, so the table is
/// tested without a socket and the connection handler knows a request's body limit from its head.
enum HTTPRoute: Sendable, Equatable {
    /// `/`: the AWS Query and JSON APIs (IAM, STS, and the services that follow).
    case aws
    /// `/console` and below: the HTML console.
    case console
    /// `/healthz`: the process answers.
    case health
    /// `/readyz`: the store answers and its schema is current.
    case ready
    /// `/metrics`: Prometheus' text format.
    case metrics
    /// `/_rampart/clock`, only when the server was started with `--allow-clock-control`.
    case clock
    /// `/oidc/…`: the OpenID discovery documents and key sets of outbound issuers, unauthenticated,
    /// for relying parties that verify `GetWebIdentityToken` tokens.
    case issuer

    enum Match: Sendable, Equatable {
        case route(HTTPRoute)
        case notFound
        /// The path is the route's; the method is not one it takes.
        case methodNotAllowed(HTTPRoute)

        /// The route the path names, whether or not it takes the method.
        var pathRoute: HTTPRoute? {
            switch self {
            case .route(let route), .methodNotAllowed(let route): route
            case .notFound: nil
            }
        }
    }

    /// `metrics`: this listener serves `/metrics`; `api`: it serves everything else (a listener of
    /// its own for the metrics has only them).
    static func match(method: String, path: String, clockControl: Bool, metrics: Bool = false, api: Bool = true)
        -> Match
    {
        let route: HTTPRoute
        let methods: [String]
        switch path {
        case "/metrics" where metrics:
            (route, methods) = (.metrics, ["GET", "HEAD"])
        case _ where !api:
            return .notFound
        case "/":
            (route, methods) = (.aws, ["GET", "POST"])
        case "/healthz":
            (route, methods) = (.health, ["GET", "HEAD"])
        case "/readyz":
            (route, methods) = (.ready, ["GET", "HEAD"])
        case "/_rampart/clock" where clockControl:
            (route, methods) = (.clock, ["POST"])
        case _ where path.hasPrefix("/oidc/"):
            (route, methods) = (.issuer, ["GET", "HEAD"])
        case _ where path == "/console" || path.hasPrefix("/console/"):
            (route, methods) = (.console, ["GET", "POST"])
        default:
            return .notFound
        }
        return methods.contains(method) ? .route(route) : .methodNotAllowed(route)
    }

    /// The largest body each route reads. IAM's largest parameters (policy documents, 131,072
    /// characters for a managed policy, percent-encoded up to three times that) fit the AWS route's.
    var bodyLimit: Int {
        switch self {
        case .aws: 1 << 21
        case .console: 1 << 16
        case .health, .ready, .metrics, .issuer: 0
        case .clock: 4096
        }
    }
}

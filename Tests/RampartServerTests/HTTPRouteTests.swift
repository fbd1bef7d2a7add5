import Testing

@testable import RampartServer

@Suite struct HTTPRouteTests {
    @Test func routesByPathAndMethod() {
        #expect(HTTPRoute.match(method: "POST", path: "/", clockControl: false) == .route(.aws))
        #expect(HTTPRoute.match(method: "GET", path: "/", clockControl: false) == .route(.aws))
        #expect(HTTPRoute.match(method: "PUT", path: "/", clockControl: false) == .methodNotAllowed(.aws))
        #expect(HTTPRoute.match(method: "GET", path: "/healthz", clockControl: false) == .route(.health))
        #expect(HTTPRoute.match(method: "POST", path: "/healthz", clockControl: false) == .methodNotAllowed(.health))
        #expect(HTTPRoute.match(method: "GET", path: "/console", clockControl: false) == .route(.console))
        #expect(HTTPRoute.match(method: "POST", path: "/console/signin", clockControl: false) == .route(.console))
        #expect(
            HTTPRoute.match(method: "DELETE", path: "/console/signin", clockControl: false)
                == .methodNotAllowed(.console))
        #expect(HTTPRoute.match(method: "GET", path: "/consoles", clockControl: false) == .notFound)
        #expect(HTTPRoute.match(method: "GET", path: "/favicon.ico", clockControl: false) == .notFound)
    }

    @Test func outboundIssuerDocumentsAreReadOnly() {
        let path = "/oidc/abc123-def456/.well-known/jwks.json"
        #expect(HTTPRoute.match(method: "GET", path: path, clockControl: false) == .route(.issuer))
        #expect(HTTPRoute.match(method: "HEAD", path: path, clockControl: false) == .route(.issuer))
        #expect(HTTPRoute.match(method: "POST", path: path, clockControl: false) == .methodNotAllowed(.issuer))
        #expect(HTTPRoute.match(method: "GET", path: "/oidc", clockControl: false) == .notFound)
        #expect(HTTPRoute.issuer.bodyLimit == 0)
    }

    @Test func clockOnlyWhenAllowed() {
        #expect(HTTPRoute.match(method: "POST", path: "/_rampart/clock", clockControl: false) == .notFound)
        #expect(HTTPRoute.match(method: "POST", path: "/_rampart/clock", clockControl: true) == .route(.clock))
        #expect(
            HTTPRoute.match(method: "GET", path: "/_rampart/clock", clockControl: true) == .methodNotAllowed(.clock))
    }

    @Test func readinessAlwaysMetricsWhereServed() {
        #expect(HTTPRoute.match(method: "GET", path: "/readyz", clockControl: false) == .route(.ready))
        #expect(HTTPRoute.match(method: "GET", path: "/metrics", clockControl: false) == .notFound)
        let main = HTTPRoutes(metrics: true)
        #expect(main.match(method: "GET", path: "/metrics") == .route(.metrics))
        #expect(main.match(method: "POST", path: "/metrics") == .methodNotAllowed(.metrics))
        #expect(main.match(method: "POST", path: "/") == .route(.aws))
        // A listener of the metrics' own serves nothing else.
        let metricsOnly = HTTPRoutes(api: false, metrics: true)
        #expect(metricsOnly.match(method: "GET", path: "/metrics") == .route(.metrics))
        for path in ["/", "/healthz", "/readyz", "/console/signin"] {
            #expect(metricsOnly.match(method: "GET", path: path) == .notFound)
        }
    }

    @Test func splitsPathFromQueryWithoutDecoding() {
        #expect(HTTPConnectionHandler.split("/") == ("/", ""))
        #expect(HTTPConnectionHandler.split("/?Action=GetUser&X=%2F") == ("/", "Action=GetUser&X=%2F"))
        #expect(
            HTTPConnectionHandler.split("/console/signin?next=%2Fconsole") == ("/console/signin", "next=%2Fconsole"))
        #expect(HTTPConnectionHandler.split("/a?b?c") == ("/a", "b?c"))
    }
}

import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import NIOCore
import NIOPosix
import RampartCore
import RampartServer
import RampartSigV4
import ServiceLifecycle
import XCTest

/// The whole request path over a socket to a server in this process: HTTP, routing, SigV4,
/// authorization, dispatch and encoding. The end-to-end suite covers each operation with real
/// clients; these pin the wiring.
final class AWSRequestHandlerTests: XCTestCase {
    static let keyId = "AKIAEXAMPLEADMIN0001"
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

    func makeServer(limits: ConnectionLimits = ConnectionLimits()) async throws -> RampartServer {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rampart-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        var configuration = ServerConfiguration()
        configuration.dataDirectory = DataDirectory(path: folder.path)
        configuration.port = 0
        configuration.connectionLimits = limits
        configuration.bootstrap.accountId = AccountID("123456789012")
        configuration.bootstrap.rootPassword = "Root-Passw0rd!"
        configuration.bootstrap.adminAccessKeyId = Self.keyId
        configuration.bootstrap.adminSecretAccessKey = Self.secret
        return try await RampartServer.open(configuration)
    }

    /// Serves on an ephemeral port for the length of `body`, then shuts down gracefully.
    func withLiveServer(_ body: @escaping @Sendable (TestClient) async throws -> Void) async throws {
        try await serving(try await makeServer()) { port in
            try await TestClient.withClient(host: "127.0.0.1", port: port, operation: body)
        }
    }

    /// Serves `server` on an ephemeral port for the length of `body`, which is given the port.
    func serving(_ server: RampartServer, _ body: @escaping @Sendable (Int) async throws -> Void) async throws {
        let (ports, found) = AsyncStream.makeStream(of: Int.self)
        let service = server.makeService(logger: Logger(label: "test")) { channel in
            found.yield(channel.localAddress?.port ?? 0)
        }
        let group = ServiceGroup(services: [service], logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            let bound = await iterator.next()
            let port = try XCTUnwrap(bound)
            do {
                try await body(port)
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    func signed(_ body: String, service: String = "sts", secret: String = secret, date: Date = Date()) throws
        -> HTTPFields
    {
        var request = SigV4Request(
            method: "POST", path: "/", query: "",
            headers: [
                ("Host", "localhost"), ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
            ], body: Array(body.utf8))
        try SigV4Signer().sign(
            &request, accessKeyId: Self.keyId, secretAccessKey: secret, sessionToken: nil, region: "us-east-1",
            service: service, date: date)
        var fields = HTTPFields()
        for (name, value) in request.headers { fields.append(HTTPField(name: HTTPField.Name(name)!, value: value)) }
        return fields
    }

    func testSignedGetCallerIdentity() async throws {
        let body = "Action=GetCallerIdentity&Version=2011-06-15"
        let headers = try signed(body)
        try await withLiveServer { client in
            try await client.execute(uri: "/", method: .post, headers: headers, body: ByteBuffer(string: body)) {
                response, text in
                XCTAssertEqual(response.status, .ok)
                XCTAssertTrue(text.contains("<Arn>arn:aws:iam::123456789012:user/admin</Arn>"), text)
                XCTAssertTrue(text.contains("<Account>123456789012</Account>"), text)
                let requestId = try XCTUnwrap(response.headers[HTTPField.Name("x-amzn-RequestId")!])
                XCTAssertTrue(text.contains("<RequestId>\(requestId)</RequestId>"), text)
                XCTAssertEqual(response.headers[.contentType], "text/xml")
                XCTAssertEqual(response.headers[.contentLength], "\(text.utf8.count)")
                XCTAssertNotNil(response.headers[.date])
            }
        }
    }

    func testUnsignedRequestIsRefused() async throws {
        try await withLiveServer { client in
            try await client.execute(
                uri: "/", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "Action=ListUsers&Version=2010-05-08")
            ) { response, text in
                XCTAssertEqual(response.status, .forbidden)
                XCTAssertTrue(text.contains("<Code>MissingAuthenticationToken</Code>"), text)
            }
        }
    }

    func testWrongSecretIsSignatureDoesNotMatch() async throws {
        let body = "Action=ListUsers&Version=2010-05-08"
        let headers = try signed(body, service: "iam", secret: "not-the-secret-at-all")
        try await withLiveServer { client in
            try await client.execute(uri: "/", method: .post, headers: headers, body: ByteBuffer(string: body)) {
                response, text in
                XCTAssertEqual(response.status, .forbidden)
                XCTAssertTrue(text.contains("<Code>SignatureDoesNotMatch</Code>"), text)
                XCTAssertTrue(text.contains("xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\""), text)
            }
        }
    }

    /// Two requests on one connection (keep-alive), the second answered with the model's status.
    func testIAMRoundTripAndModelStatus() async throws {
        let create = "Action=CreateUser&Version=2010-05-08&UserName=alice&Tags.member.1.Key=team&Tags.member.1.Value=a"
        let createHeaders = try signed(create, service: "iam")
        let missing = "Action=GetUser&Version=2010-05-08&UserName=nobody"
        let missingHeaders = try signed(missing, service: "iam")
        try await withLiveServer { client in
            try await client.execute(
                uri: "/", method: .post, headers: createHeaders, body: ByteBuffer(string: create)
            ) { response, text in
                XCTAssertEqual(response.status, .ok)
                XCTAssertTrue(text.contains("<CreateUserResult><User>"), text)
                XCTAssertTrue(text.contains("<Key>team</Key>"), text)
            }
            try await client.execute(
                uri: "/", method: .post, headers: missingHeaders, body: ByteBuffer(string: missing)
            ) { response, text in
                XCTAssertEqual(response.status, .notFound)
                XCTAssertTrue(text.contains("<Code>NoSuchEntity</Code>"), text)
            }
        }
    }

    func testHealth() async throws {
        try await withLiveServer { client in
            try await client.execute(uri: "/healthz", method: .get) { response, text in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(text, "ok\n")
            }
        }
    }

    /// Refused by the HTTP layer, still in the AWS envelope: SDKs read a code, not a status line.
    func testUnknownPathAndWrongMethod() async throws {
        try await withLiveServer { client in
            try await client.execute(uri: "/nowhere", method: .get) { response, text in
                XCTAssertEqual(response.status, .notFound)
                XCTAssertEqual(response.headers[.contentType], "text/xml")
                XCTAssertTrue(text.contains("<Code>UnknownOperationException</Code>"), text)
            }
            try await client.execute(uri: "/", method: .put, body: ByteBuffer(string: "x")) { response, text in
                XCTAssertEqual(response.status, .methodNotAllowed)
                XCTAssertTrue(text.contains("<Code>MethodNotAllowed</Code>"), text)
            }
            // A JSON 1.1 client gets the JSON envelope.
            try await client.execute(
                uri: "/nowhere", method: .post, headers: [HTTPField.Name("X-Amz-Target")!: "RampartAdmin_20261123.X"],
                body: ByteBuffer(string: "{}")
            ) { response, text in
                XCTAssertEqual(response.status, .notFound)
                XCTAssertEqual(response.headers[.contentType], "application/x-amz-json-1.1")
                XCTAssertTrue(text.hasPrefix(#"{"__type":"UnknownOperationException""#), text)
            }
            // The console's paths keep the console's plain text.
            try await client.execute(uri: "/console/signin", method: .delete) { response, text in
                XCTAssertEqual(response.status, .methodNotAllowed)
                XCTAssertFalse(text.contains("<ErrorResponse"), text)
            }
            // The clock is not adjustable unless the server was started to allow it.
            try await client.execute(uri: "/_rampart/clock", method: .post, body: ByteBuffer(string: "{}")) {
                response, _ in
                XCTAssertEqual(response.status, .notFound)
            }
            try await client.execute(uri: "/healthz", method: .get) { response, _ in
                XCTAssertEqual(response.status, .ok)
            }
        }
    }

    /// Over the cap a connection is closed as soon as it is accepted, and counted.
    func testConnectionsOverTheCapAreShedAndCounted() async throws {
        let server = try await makeServer(limits: ConnectionLimits(maxConnections: 1))
        try await serving(server) { port in
            let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            let first = try await bootstrap.connect(host: "127.0.0.1", port: port).get()
            let second = try await bootstrap.connect(host: "127.0.0.1", port: port).get()
            // One of the two is shed (which one depends on the event loop each was accepted on).
            let deadline = ContinuousClock.now + .seconds(10)
            while server.connectionsShed == 0 && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            XCTAssertEqual(server.connectionsShed, 1)
            try? await first.close()
            try? await second.close()
        }
    }

    /// A body over the route's limit is refused from its declared length, before it is read.
    func testOversizedBodyIs413() async throws {
        let body = ByteBuffer(repeating: UInt8(ascii: "a"), count: (1 << 16) + 1)
        try await withLiveServer { client in
            try await client.execute(uri: "/console/signin", method: .post, body: body) { response, _ in
                XCTAssertEqual(response.status, .contentTooLarge)
                XCTAssertEqual(response.headers[.connection], "close")
            }
        }
    }
}

extension TestClient {
    /// One request and a check of its answer, the body read as text.
    func execute(
        uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], body: ByteBuffer? = nil,
        check: (TestClient.Response, String) throws -> Void
    ) async throws {
        let response = try await execute(TestClient.Request(uri, method: method, headers: headers, body: body))
        try check(response, response.body.map { String(buffer: $0) } ?? "")
    }
}

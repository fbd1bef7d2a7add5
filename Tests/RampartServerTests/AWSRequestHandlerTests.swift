import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import RampartCore
import RampartServer
import RampartSigV4
import XCTest

/// The whole request path in process: routing, SigV4, authorization, dispatch and encoding.
/// The end-to-end suite covers each operation with real clients; these pin the wiring.
final class AWSRequestHandlerTests: XCTestCase {
    static let keyId = "AKIAEXAMPLEADMIN0001"
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

    func makeServer() async throws -> RampartServer {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rampart-\(UUID().uuidString)")
        var configuration = ServerConfiguration()
        configuration.dataDirectory = DataDirectory(path: folder.path)
        configuration.bootstrap.accountId = AccountID("123456789012")
        configuration.bootstrap.rootPassword = "Root-Passw0rd!"
        configuration.bootstrap.adminAccessKeyId = Self.keyId
        configuration.bootstrap.adminSecretAccessKey = Self.secret
        return try await RampartServer.open(configuration)
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
        let app = try await makeServer().buildApplication(logger: Logger(label: "test"))
        let body = "Action=GetCallerIdentity&Version=2011-06-15"
        let headers = try signed(body)
        try await app.test(.router) { client in
            try await client.execute(uri: "/", method: .post, headers: headers, body: ByteBuffer(string: body)) {
                response in
                XCTAssertEqual(response.status, .ok)
                let text = String(buffer: response.body)
                XCTAssertTrue(text.contains("<Arn>arn:aws:iam::123456789012:user/admin</Arn>"), text)
                XCTAssertTrue(text.contains("<Account>123456789012</Account>"), text)
                let requestId = try XCTUnwrap(response.headers[HTTPField.Name("x-amzn-RequestId")!])
                XCTAssertTrue(text.contains("<RequestId>\(requestId)</RequestId>"), text)
            }
        }
    }

    func testUnsignedRequestIsRefused() async throws {
        let app = try await makeServer().buildApplication(logger: Logger(label: "test"))
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "Action=ListUsers&Version=2010-05-08")
            ) { response in
                XCTAssertEqual(response.status, .forbidden)
                XCTAssertTrue(String(buffer: response.body).contains("<Code>MissingAuthenticationToken</Code>"))
            }
        }
    }

    func testWrongSecretIsSignatureDoesNotMatch() async throws {
        let app = try await makeServer().buildApplication(logger: Logger(label: "test"))
        let body = "Action=ListUsers&Version=2010-05-08"
        let headers = try signed(body, service: "iam", secret: "not-the-secret-at-all")
        try await app.test(.router) { client in
            try await client.execute(uri: "/", method: .post, headers: headers, body: ByteBuffer(string: body)) {
                response in
                XCTAssertEqual(response.status, .forbidden)
                let text = String(buffer: response.body)
                XCTAssertTrue(text.contains("<Code>SignatureDoesNotMatch</Code>"), text)
                XCTAssertTrue(text.contains("xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\""), text)
            }
        }
    }

    func testIAMRoundTripAndModelStatus() async throws {
        let app = try await makeServer().buildApplication(logger: Logger(label: "test"))
        let create = "Action=CreateUser&Version=2010-05-08&UserName=alice&Tags.member.1.Key=team&Tags.member.1.Value=a"
        let createHeaders = try signed(create, service: "iam")
        let missing = "Action=GetUser&Version=2010-05-08&UserName=nobody"
        let missingHeaders = try signed(missing, service: "iam")
        try await app.test(.router) { client in
            try await client.execute(uri: "/", method: .post, headers: createHeaders, body: ByteBuffer(string: create))
            {
                response in
                XCTAssertEqual(response.status, .ok)
                let text = String(buffer: response.body)
                XCTAssertTrue(text.contains("<CreateUserResult><User>"), text)
                XCTAssertTrue(text.contains("<Key>team</Key>"), text)
            }
            try await client.execute(
                uri: "/", method: .post, headers: missingHeaders, body: ByteBuffer(string: missing)
            ) {
                response in
                XCTAssertEqual(response.status, .notFound)
                XCTAssertTrue(String(buffer: response.body).contains("<Code>NoSuchEntity</Code>"))
            }
        }
    }

    func testHealth() async throws {
        let app = try await makeServer().buildApplication(logger: Logger(label: "test"))
        try await app.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                XCTAssertEqual(response.status, .ok)
            }
        }
    }
}

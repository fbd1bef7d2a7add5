import Foundation
import Logging
import RampartServices
import Testing

@testable import RampartServer

@Suite struct MonitoringTests {
    @Test func listenAddresses() {
        #expect(ListenAddress("127.0.0.1:9431") == ListenAddress(host: "127.0.0.1", port: 9431))
        #expect(ListenAddress("[::1]:80") == ListenAddress(host: "::1", port: 80))
        #expect(ListenAddress("localhost:0") == ListenAddress(host: "localhost", port: 0))
        for bad in ["", "9431", ":9431", "host:", "host:65536", "host:-1", "host:x", "a/b:1"] {
            #expect(ListenAddress(bad) == nil, "\(bad)")
        }
    }

    @Test func operationLabelsOnlyFromTheModels() {
        #expect(OperationLabel.query(service: "iam", action: "GetUser") == "GetUser")
        #expect(OperationLabel.query(service: "sts", action: "GetCallerIdentity") == "GetCallerIdentity")
        #expect(OperationLabel.query(service: "sts", action: "GetUser") == "unknown")
        #expect(OperationLabel.query(service: "iam", action: "Invented\u{0}\"}") == "unknown")
    }

    @Test func onlyAccessKeyShapedIdsAreLogged() {
        #expect(OperationLabel.isAccessKeyIdShaped("AKIAEXAMPLEADMIN0001"))
        #expect(OperationLabel.isAccessKeyIdShaped("ASIAZZZZZZZZZZZZZZZZ"))
        #expect(!OperationLabel.isAccessKeyIdShaped("wJalrXUtnFEMI/K7MDENG/bPxRfiCYE2EADMIN01"))
        #expect(!OperationLabel.isAccessKeyIdShaped("short"))
        #expect(!OperationLabel.isAccessKeyIdShaped("akiaexampleadmin0001"))
    }

    @Test func jsonLinesParseBackWithEveryField() throws {
        let metadata: Logger.Metadata = [
            "status": .stringConvertible(200), "duration_ms": .stringConvertible(1.5),
            "path": .string("/a\"b\\c\n\u{1}é"), "message": .string("shadowed"),
            "nested": .dictionary(["list": .array([.string("x"), .stringConvertible(2)])]),
        ]
        let line = JSONLogHandler.line(
            time: Date(timeIntervalSince1970: 1_765_000_000.042), level: .info, label: "rampart", message: "request",
            metadata: metadata)
        #expect(line.last == UInt8(ascii: "\n"))
        #expect(line.dropLast().allSatisfy { $0 != UInt8(ascii: "\n") })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
        #expect(object["time"] as? String == "2025-12-06T05:46:40.042Z")
        #expect(object["level"] as? String == "info")
        #expect(object["message"] as? String == "request")
        #expect(object["meta_message"] as? String == "shadowed")
        #expect(object["status"] as? Int == 200)
        #expect(object["duration_ms"] as? Double == 1.5)
        #expect(object["path"] as? String == "/a\"b\\c\n\u{1}é")
        let nested = try #require(object["nested"] as? [String: Any])
        #expect((nested["list"] as? [Any])?.count == 2)
    }

    @Test func signInStepLabels() {
        #expect(SignInStepResult(.failed(.invalidCredentials)).rawValue == "invalid_credentials")
        #expect(SignInStepResult(.failed(.passwordRejected("too short"))).rawValue == "password_rejected")
        #expect(SignInStepResult(.failed(.graceOver)).rawValue == "refused")
    }
}

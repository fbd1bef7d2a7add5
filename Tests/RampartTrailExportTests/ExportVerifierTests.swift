import Foundation
import RampartCore
import RampartStore
import RampartTrailExport
import XCTest

/// Writes a small export the way `rampart audit export` does, tampers with it in each way, and
/// checks that the verifier names what changed.
final class ExportVerifierTests: XCTestCase {
    let account = AccountID("123456789012")!
    let key = try! TrailSigningKey(rawRepresentation: Array(repeating: 7, count: 32))
    var root: URL!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("rampart-export-\(UUID().uuidString)")
        // Three hours of events, two Regions, a log file every 20 minutes.
        var writer = TrailLogWriter(root: root, account: account)
        for index in 0..<9 {
            let region = index % 3 == 2 ? "eu-west-1" : "us-east-1"
            try writer.add(event(index, at: 1_700_000_000 + Double(index) * 1200, region: region))
        }
        try writer.finish()
        let digests = try TrailDigestFileWriter(root: root, bucket: "b", trail: "t", key: key)
            .write(account: account, files: writer.written)
        XCTAssertGreaterThanOrEqual(digests, 4)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: root)
    }

    func event(_ index: Int, at seconds: Double, region: String) -> TrailEvent {
        TrailEvent(
            account: account, organization: nil, time: Date(timeIntervalSince1970: seconds), eventId: "e\(index)",
            eventName: "GetUser", eventSource: "iam.amazonaws.com", username: "alice", accessKeyId: nil,
            readOnly: true, resources: [], body: #"{"eventID":"e\#(index)","awsRegion":"\#(region)"}"#)
    }

    func files(_ folder: String) -> [String] {
        let base = root.path
        return (FileManager.default.enumerator(atPath: base)?.allObjects as? [String] ?? [])
            .filter { $0.contains("/\(folder)/") && $0.hasSuffix(".json.gz") }.sorted()
    }

    func verify(with verifying: TrailVerifyingKey? = nil) -> ExportVerifier.Report {
        ExportVerifier(root: root, key: verifying ?? key.verifyingKey).verify()
    }

    func testAnUntouchedExportVerifies() {
        let report = verify()
        XCTAssertEqual(report.problems, [])
        XCTAssertEqual(report.logFiles, 9)
        XCTAssertEqual(report.digests, files("CloudTrail-Digest").count)
    }

    func testAnEditedLogFileIsNamed() throws {
        let log = files("CloudTrail")[3]
        let body = try Gzip.compress(Array(#"{"Records":[{"eventID":"forged"}]}"#.utf8))
        try Data(body).write(to: root.appendingPathComponent(log))
        XCTAssertEqual(verify().problems, ["\(log): does not match its hash in \(try digest(naming: log)) (edited)"])
    }

    func testADeletedLogFileIsNamed() throws {
        let log = files("CloudTrail")[0]
        try FileManager.default.removeItem(at: root.appendingPathComponent(log))
        XCTAssertEqual(verify().problems, ["\(log): named by \(try digest(naming: log)) but missing (deleted)"])
    }

    func testAnInsertedLogFileIsNamed() throws {
        let extra = files("CloudTrail")[0].replacingOccurrences(of: ".json.gz", with: "X.json.gz")
        try Data(try Gzip.compress(Array("{\"Records\":[]}".utf8))).write(to: root.appendingPathComponent(extra))
        XCTAssertEqual(verify().problems.count, 1)
        XCTAssertTrue(verify().problems[0].hasPrefix("\(extra): no digest names this log file"))
    }

    func testADeletedDigestBreaksTheChainAndUncoversItsFiles() throws {
        let digests = files("CloudTrail-Digest").filter { $0.contains("us-east-1") }
        XCTAssertGreaterThanOrEqual(digests.count, 3)
        try FileManager.default.removeItem(at: root.appendingPathComponent(digests[1]))
        let problems = verify().problems
        XCTAssertTrue(
            problems.contains("\(digests[1]): the digest before \(digests[2]) is missing (deleted)"), "\(problems)")
        XCTAssertTrue(problems.contains { $0.contains("no digest names this log file") })
    }

    func testAnEditedDigestFailsItsSignature() throws {
        let digest = files("CloudTrail-Digest")[0]
        let url = root.appendingPathComponent(digest)
        var json = String(
            decoding: try Gzip.decompress(Array(try Data(contentsOf: url)), limit: 1 << 20), as: UTF8.self)
        json = json.replacingOccurrences(of: "\"hashValue\":\"", with: "\"hashValue\":\"0")
        try Data(try Gzip.compress(Array(json.utf8))).write(to: url)
        XCTAssertTrue(verify().problems.contains { $0.hasPrefix("\(digest): signature does not verify") })
    }

    func testAnotherKeyDoesNotVerify() throws {
        let other = try TrailSigningKey(rawRepresentation: Array(repeating: 8, count: 32)).verifyingKey
        let problems = verify(with: other).problems
        XCTAssertEqual(
            problems.filter { $0.contains("signature does not verify") }.count, files("CloudTrail-Digest").count)
    }

    func testDigestsCarryCloudTrailsFields() throws {
        let digest = files("CloudTrail-Digest")[1]
        let json = try Gzip.decompress(Array(try Data(contentsOf: root.appendingPathComponent(digest))), limit: 1 << 20)
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any])
        XCTAssertEqual(document["awsAccountId"] as? String, "123456789012")
        XCTAssertEqual(document["digestS3Bucket"] as? String, "b")
        XCTAssertEqual(document["digestS3Object"] as? String, digest)
        XCTAssertEqual(document["digestSignatureAlgorithm"] as? String, "Ed25519")
        XCTAssertEqual(document["digestPublicKeyFingerprint"] as? String, key.verifyingKey.fingerprint)
        XCTAssertEqual(document["previousDigestHashAlgorithm"] as? String, "SHA-256")
        XCTAssertNotNil(document["previousDigestSignature"] as? String)
        XCTAssertFalse((document["logFiles"] as? [[String: Any]] ?? []).isEmpty)
    }

    func digest(naming log: String) throws -> String {
        for digest in files("CloudTrail-Digest") {
            let json = try Gzip.decompress(
                Array(try Data(contentsOf: root.appendingPathComponent(digest))), limit: 1 << 20)
            if String(decoding: json, as: UTF8.self).contains(log) { return digest }
        }
        return "none"
    }
}

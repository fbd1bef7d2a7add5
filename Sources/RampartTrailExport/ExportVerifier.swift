import Crypto
import Foundation
import RampartCore
import RampartStore

/// Checks an export folder as `aws cloudtrail validate-logs` checks a trail's bucket: every digest
/// file's signature, every log file it names against its hash, each digest's link to the previous
/// one, and that no log file is there that no digest names. Needs only the public key.
public struct ExportVerifier {
    /// Larger than any log file of five minutes; a file claiming more is refused, not inflated.
    static let fileLimit = 256 << 20

    let root: URL
    let key: TrailVerifyingKey

    public init(root: URL, key: TrailVerifyingKey) {
        self.root = root
        self.key = key
    }

    public struct Report: Sendable {
        public var digests = 0
        public var logFiles = 0
        public var problems: [String] = []
    }

    /// One digest file as read back, with what its successor must link to.
    private struct ReadDigest {
        var key: String
        var account: String
        var region: String
        var end: String
        var sha256Hex: String
        var signatureHex: String
        var previousKey: String?
        var previousSHA256Hex: String?
        var previousSignature: String?
    }

    public func verify() -> Report {
        var report = Report()
        let keys = allKeys()
        let logKeys = Set(keys.filter { $0.contains("/CloudTrail/") && $0.hasSuffix(".json.gz") })
        var covered = Set<String>()
        var digests: [ReadDigest] = []
        for digestKey in keys.filter({ $0.contains("/CloudTrail-Digest/") && $0.hasSuffix(".json.gz") }) {
            do {
                digests.append(try read(digest: digestKey, logKeys: logKeys, covered: &covered, report: &report))
                report.digests += 1
            } catch {
                report.problems.append("\(digestKey): \(error)")
            }
        }
        report.problems += chainProblems(digests, present: Set(keys))
        for uncovered in logKeys.subtracting(covered).sorted() {
            report.problems.append("\(uncovered): no digest names this log file (inserted, or its digest was deleted)")
        }
        report.logFiles = covered.count
        return report
    }

    private func read(digest digestKey: String, logKeys: Set<String>, covered: inout Set<String>, report: inout Report)
        throws -> ReadDigest
    {
        let json = try Gzip.decompress(contents(digestKey), limit: Self.fileLimit)
        guard let document = try? JSONSerialization.jsonObject(with: Data(json)) as? [String: Any],
            let account = document["awsAccountId"] as? String, let end = document["digestEndTime"] as? String,
            let bucket = document["digestS3Bucket"] as? String, let ownKey = document["digestS3Object"] as? String,
            let logFiles = document["logFiles"] as? [[String: Any]]
        else { throw ExportProblem("not a CloudTrail digest file") }
        guard ownKey == digestKey else { throw ExportProblem("names itself \(ownKey): moved or renamed") }
        let sha256Hex = Hex.string(SHA256.hash(data: json))
        let previousSignature = document["previousDigestSignature"] as? String
        guard
            let signatureText = try? String(
                contentsOf: root.appendingPathComponent(digestKey + ".sig"), encoding: .utf8),
            let signature = Hex.decode(signatureText.trimmingCharacters(in: .whitespacesAndNewlines))
        else { throw ExportProblem("its signature file \(digestKey).sig is missing or not hex") }
        let signed = TrailDigestFile.signingString(
            endTime: end, bucket: bucket, key: ownKey, sha256Hex: sha256Hex, previousSignature: previousSignature)
        guard key.isValidSignature(signature, for: signed) else {
            throw ExportProblem("signature does not verify: the digest was edited or forged, or another key signed it")
        }
        for file in logFiles {
            guard let logKey = file["s3Object"] as? String, let hash = file["hashValue"] as? String else { continue }
            covered.insert(logKey)
            guard logKeys.contains(logKey) else {
                report.problems.append("\(logKey): named by \(digestKey) but missing (deleted)")
                continue
            }
            guard let bytes = try? Gzip.decompress(contents(logKey), limit: Self.fileLimit),
                Hex.string(SHA256.hash(data: bytes)) == hash
            else {
                report.problems.append("\(logKey): does not match its hash in \(digestKey) (edited)")
                continue
            }
        }
        let region = (digestKey.split(separator: "/").dropFirst(3).first).map(String.init) ?? ""
        return ReadDigest(
            key: digestKey, account: account, region: region, end: end, sha256Hex: sha256Hex,
            signatureHex: Hex.string(signature), previousKey: document["previousDigestS3Object"] as? String,
            previousSHA256Hex: document["previousDigestHashValue"] as? String, previousSignature: previousSignature)
    }

    /// Each account's and Region's digests in time order must each name the one before.
    private func chainProblems(_ digests: [ReadDigest], present: Set<String>) -> [String] {
        var problems: [String] = []
        let chains = Dictionary(grouping: digests) { "\($0.account)/\($0.region)" }
        for (_, chain) in chains.sorted(by: { $0.key < $1.key }) {
            var before: ReadDigest?
            for digest in chain.sorted(by: { $0.end < $1.end }) {
                defer { before = digest }
                guard let previousKey = digest.previousKey else {
                    if let before { problems.append("\(digest.key): starts a new chain after \(before.key)") }
                    continue
                }
                guard let before, before.key == previousKey else {
                    let why = present.contains(previousKey) ? "out of order" : "missing (deleted)"
                    problems.append("\(previousKey): the digest before \(digest.key) is \(why)")
                    continue
                }
                if digest.previousSHA256Hex != before.sha256Hex || digest.previousSignature != before.signatureHex {
                    problems.append("\(digest.key): does not match the digest before it, \(before.key)")
                }
            }
        }
        return problems
    }

    private func allKeys() -> [String] {
        let base = root.standardizedFileURL.path
        guard let walk = FileManager.default.enumerator(atPath: base) else { return [] }
        var keys: [String] = []
        while let path = walk.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: base + "/" + path, isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                keys.append(path)
            }
        }
        return keys.sorted()
    }

    private func contents(_ key: String) throws -> [UInt8] {
        Array(try Data(contentsOf: root.appendingPathComponent(key)))
    }
}

/// Why a file of an export failed verification, in words.
struct ExportProblem: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

import Foundation
import RampartCore

/// One CloudTrail digest file: the log files of an account, Region and hour, with their SHA-256
/// hashes, chained to the previous digest file by its hash and signature. The fields and their
/// order are CloudTrail's; the signature is Ed25519 (the trail's digest key) instead of RSA, and
/// since a folder has no S3 object metadata to carry it, it is written beside the digest in
/// `<digest>.sig` (hex).
public struct TrailDigestFile: Sendable, Equatable {
    /// Where the previous digest file of the same account and Region is, and what it was.
    public struct Previous: Sendable, Equatable {
        public var bucket: String
        public var key: String
        public var sha256Hex: String
        public var signatureHex: String
    }

    public var account: AccountID
    public var region: String
    public var start: Date
    public var end: Date
    public var bucket: String
    /// This file's own object key.
    public var key: String
    public var publicKeyFingerprint: String
    public var previous: Previous?
    public var logFiles: [ExportedLogFile]

    /// `AWSLogs/<account>/CloudTrail-Digest/<region>/YYYY/MM/DD/<account>_CloudTrail-Digest_<region>_
    /// <trail>_<region>_<YYYYMMDDTHHmmssZ>.json.gz`, named by the end of the hour it covers.
    public static func key(account: AccountID, region: String, trail: String, end: Date) -> String {
        let at = UTCParts(end)
        return "AWSLogs/\(account.rawValue)/CloudTrail-Digest/\(region)/\(at.year)/\(at.month)/\(at.day)/"
            + "\(account.rawValue)_CloudTrail-Digest_\(region)_\(trail)_\(region)_"
            + "\(at.year)\(at.month)\(at.day)T\(at.hour)\(at.minute)\(at.second)Z.json.gz"
    }

    /// The uncompressed JSON, the bytes the signing string hashes.
    public var json: [UInt8] {
        let times = logFiles.map(\.oldestEventTime) + logFiles.map(\.newestEventTime)
        func time(_ date: Date?) -> TrailValue { date.map { .string(Timestamp.iso8601($0)) } ?? .null }
        func text(_ value: String?) -> TrailValue { value.map { .string($0) } ?? .null }
        let document = TrailValue.object([
            TrailMember("awsAccountId", .string(account.rawValue)),
            TrailMember("digestStartTime", time(start)),
            TrailMember("digestEndTime", time(end)),
            TrailMember("digestS3Bucket", .string(bucket)),
            TrailMember("digestS3Object", .string(key)),
            TrailMember("digestPublicKeyFingerprint", .string(publicKeyFingerprint)),
            TrailMember("digestSignatureAlgorithm", .string("Ed25519")),
            TrailMember("newestEventTime", time(times.max())),
            TrailMember("oldestEventTime", time(times.min())),
            TrailMember("previousDigestS3Bucket", text(previous?.bucket)),
            TrailMember("previousDigestS3Object", text(previous?.key)),
            TrailMember("previousDigestHashValue", text(previous?.sha256Hex)),
            TrailMember("previousDigestHashAlgorithm", previous == nil ? .null : .string("SHA-256")),
            TrailMember("previousDigestSignature", text(previous?.signatureHex)),
            TrailMember(
                "logFiles",
                .array(
                    logFiles.map { file in
                        .object([
                            TrailMember("s3Bucket", .string(bucket)),
                            TrailMember("s3Object", .string(file.key)),
                            TrailMember("hashValue", .string(Hex.string(file.sha256))),
                            TrailMember("hashAlgorithm", .string("SHA-256")),
                            TrailMember("newestEventTime", time(file.newestEventTime)),
                            TrailMember("oldestEventTime", time(file.oldestEventTime)),
                        ])
                    })),
        ])
        var bytes: [UInt8] = []
        document.write(into: &bytes)
        return bytes
    }

    /// What is signed, as CloudTrail builds it: the end time, `bucket/key`, the hex SHA-256 of the
    /// uncompressed file and the previous signature (`null` for the first digest), one per line.
    public static func signingString(
        endTime: String, bucket: String, key: String, sha256Hex: String, previousSignature: String?
    ) -> [UInt8] {
        Array("\(endTime)\n\(bucket)/\(key)\n\(sha256Hex)\n\(previousSignature ?? "null")".utf8)
    }
}

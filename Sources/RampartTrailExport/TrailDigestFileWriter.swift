import Crypto
import Foundation
import RampartCore
import RampartStore

/// Writes the digest files of one export: for each account and Region, one per hour that has
/// log files, chained in time order and signed. The chain starts anew with each export (its
/// first digest has no previous), so an export verifies on its own.
public struct TrailDigestFileWriter {
    let root: URL
    let bucket: String
    let trail: String
    let key: TrailSigningKey

    public init(root: URL, bucket: String, trail: String, key: TrailSigningKey) {
        self.root = root
        self.bucket = bucket
        self.trail = trail
        self.key = key
    }

    /// Writes the digests of `files` (one account's); returns how many.
    public func write(account: AccountID, files: [ExportedLogFile]) throws -> Int {
        var written = 0
        for (region, inRegion) in Dictionary(grouping: files, by: \.region).sorted(by: { $0.key < $1.key }) {
            let hours = Dictionary(grouping: inRegion) { ($0.window.timeIntervalSince1970 / 3600).rounded(.down) }
            var previous: TrailDigestFile.Previous?
            for (hour, logFiles) in hours.sorted(by: { $0.key < $1.key }) {
                let start = Date(timeIntervalSince1970: hour * 3600)
                let end = start.addingTimeInterval(3600)
                let digest = TrailDigestFile(
                    account: account, region: region, start: start, end: end, bucket: bucket,
                    key: TrailDigestFile.key(account: account, region: region, trail: trail, end: end),
                    publicKeyFingerprint: key.verifyingKey.fingerprint, previous: previous,
                    logFiles: logFiles.sorted { $0.window < $1.window })
                let json = digest.json
                let sha256Hex = Hex.string(SHA256.hash(data: json))
                let signature = try key.signature(
                    for: TrailDigestFile.signingString(
                        endTime: Timestamp.iso8601(end), bucket: bucket, key: digest.key, sha256Hex: sha256Hex,
                        previousSignature: previous?.signatureHex))
                try ExportFiles.write(Gzip.compress(json), root: root, key: digest.key)
                try ExportFiles.write(Array((Hex.string(signature) + "\n").utf8), root: root, key: digest.key + ".sig")
                previous = .init(
                    bucket: bucket, key: digest.key, sha256Hex: sha256Hex, signatureHex: Hex.string(signature))
                written += 1
            }
        }
        return written
    }
}

import Crypto
import RampartCore

/// Task 1 of SigV4: the request reduced to the one text that client and server both sign.
///
///     POST
///     /
///     Action=ListUsers&Version=2010-05-08      (canonical query)
///     content-type:application/x-www-form-urlencoded; charset=utf-8
///     host:iam.amazonaws.com
///     x-amz-date:20150830T123600Z
///                                              (blank line ends the headers)
///     content-type;host;x-amz-date
///     e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
///
/// Built as bytes: this runs on every request and `String` concatenation would cost more than the
/// hashing. Only the headers the client named are used, in the order it named them, so the
/// result is what the client hashed when it signed.
struct CanonicalRequest: Sendable {
    let bytes: [UInt8]

    /// `payloadHash` is the lower-case hex SHA-256 of the body (the verifier decides it);
    /// presigned requests leave their own `X-Amz-Signature` out of the query.
    init(request: SigV4Request, signedHeaders: [String], payloadHash: String, isPresigned: Bool) throws(AWSError) {
        let query = try QueryParameters(rawQuery: request.query)
        var bytes = [UInt8]()
        bytes.reserveCapacity(256 + request.query.utf8.count + signedHeaders.count * 64)
        bytes.append(contentsOf: request.method.utf8)
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: Self.uri(path: request.path))
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: query.canonical(excludingSignature: isPresigned))
        bytes.append(UInt8(ascii: "\n"))
        // Scanning every header for every signed name is quickest for the dozen of each a client
        // sends, but a header listing thousands of names against thousands of headers would cost
        // their product; past a small product the headers are grouped by name first.
        let grouped =
            signedHeaders.count * request.headers.count > Self.scanLimit ? Self.valuesByName(request.headers) : nil
        for name in signedHeaders {
            bytes.append(contentsOf: name.utf8)
            bytes.append(UInt8(ascii: ":"))
            if let grouped {
                for (index, value) in (grouped[name] ?? []).enumerated() {
                    if index > 0 { bytes.append(UInt8(ascii: ",")) }
                    Self.appendTrimmed(value, to: &bytes)
                }
            } else {
                var first = true
                for header in request.headers where SigV4Request.sameName(header.name, name) {
                    if !first { bytes.append(UInt8(ascii: ",")) }
                    first = false
                    Self.appendTrimmed(header.value, to: &bytes)
                }
            }
            bytes.append(UInt8(ascii: "\n"))
        }
        bytes.append(UInt8(ascii: "\n"))
        for (index, name) in signedHeaders.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ";")) }
            bytes.append(contentsOf: name.utf8)
        }
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: payloadHash.utf8)
        self.bytes = bytes
    }

    /// The largest signed-names-times-headers product scanned without grouping.
    static let scanLimit = 256

    /// Each header's values in order, under its ASCII-lower-cased name (signed names are lower-cased).
    static func valuesByName(_ headers: [(name: String, value: String)]) -> [String: [String]] {
        var grouped = [String: [String]](minimumCapacity: headers.count)
        for header in headers {
            let name = String(decoding: header.name.utf8.map(SigV4Request.lowercase), as: UTF8.self)
            grouped[name, default: []].append(header.value)
        }
        return grouped
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Lower-case hex SHA-256 of the canonical request, the last line of the string to sign.
    var hexHash: [UInt8] { Hex.bytes(SHA256.hash(data: bytes)) }

    /// The canonical URI for IAM, STS and every service but S3: the path with dot segments and
    /// repeated slashes removed, then URI-encoded, `/` kept. The raw path is encoded as received,
    /// so `%20` on the wire becomes `%2520`: this is AWS's "encode twice", and it is exactly what
    /// botocore computes (`quote(normalize_url_path(path), safe='/~')` on the sent path).
    static func uri(path: String) -> [UInt8] {
        // IAM and STS are always called at `/`.
        if path == "/" || path.isEmpty { return [UInt8(ascii: "/")] }
        var output = [UInt8]()
        output.reserveCapacity(path.utf8.count + 8)
        PercentEncoding.append(normalizedPath(Array(path.utf8)), to: &output, keepingSlash: true)
        return output
    }

    /// RFC 3986's remove_dot_segments plus the collapsing of `//` that AWS adds, as botocore's
    /// `remove_dot_segments` does it: `..` above the root stays at the root, and a trailing slash
    /// survives only when something is left before it.
    static func normalizedPath(_ path: [UInt8]) -> [UInt8] {
        guard let firstByte = path.first, let lastByte = path.last else { return [UInt8(ascii: "/")] }
        var segments = [ArraySlice<UInt8>]()
        for segment in path.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true) {
            if segment.elementsEqual(".".utf8) { continue }
            if segment.elementsEqual("..".utf8) {
                _ = segments.popLast()
            } else {
                segments.append(segment)
            }
        }
        var output = [UInt8]()
        output.reserveCapacity(path.count)
        if firstByte == UInt8(ascii: "/") { output.append(UInt8(ascii: "/")) }
        for (index, segment) in segments.enumerated() {
            if index > 0 { output.append(UInt8(ascii: "/")) }
            output.append(contentsOf: segment)
        }
        if lastByte == UInt8(ascii: "/") && !segments.isEmpty { output.append(UInt8(ascii: "/")) }
        return output
    }

    /// SigV4's Trimall: no whitespace at either end, each run inside collapsed to one space. The
    /// whitespace set is Python's `str.split()` set for ASCII, because botocore trims with
    /// `' '.join(value.split())`.
    static func appendTrimmed(_ value: String, to output: inout [UInt8]) {
        var pendingSpace = false
        var wroteAny = false
        for byte in value.utf8 {
            if isWhitespace(byte) {
                pendingSpace = wroteAny
            } else {
                if pendingSpace { output.append(UInt8(ascii: " ")) }
                pendingSpace = false
                wroteAny = true
                output.append(byte)
            }
        }
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x09...0x0D, 0x1C...0x20: return true
        default: return false
        }
    }
}

/// Task 2 of SigV4: what the signing key actually signs.
///
///     AWS4-HMAC-SHA256
///     20150830T123600Z                         (request time, ISO 8601 basic)
///     20150830/us-east-1/iam/aws4_request      (credential scope)
///     f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59  (hex SHA-256 of the canonical request)
struct StringToSign: Sendable {
    let bytes: [UInt8]

    init(requestTime: AmzDate, credentialScope: String, canonicalRequest: CanonicalRequest) {
        var bytes = [UInt8]()
        bytes.reserveCapacity(128)
        bytes.append(contentsOf: AuthorizationHeader.algorithm.utf8)
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: requestTime.text.utf8)
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: credentialScope.utf8)
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: canonicalRequest.hexHash)
        self.bytes = bytes
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }
}

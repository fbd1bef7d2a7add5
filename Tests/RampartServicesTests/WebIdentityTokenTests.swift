import Crypto
import CryptoExtras
import Foundation
import RampartCore
import RampartMFA
import Synchronization
import Testing

@testable import RampartServices

/// The pieces of AssumeRoleWithWebIdentity's verification below the wire: reading a compact JWS, keys
/// of a JWKS verifying only the algorithms that fit them, and the key cache's refetch limit.
@Suite struct WebIdentityTokenTests {
    static func part(_ json: String) -> String { Base64URL.encode(Array(json.utf8)) }

    static func token(header: String, claims: String, signature: [UInt8] = [1, 2, 3]) -> String {
        "\(part(header)).\(part(claims)).\(Base64URL.encode(signature))"
    }

    @Test func readsTheThreeParts() throws {
        let text = Self.token(header: #"{"alg":"RS256","kid":"k1"}"#, claims: #"{"sub":"a","aud":["x","y"],"exp":5}"#)
        let token = try WebIdentityToken(compact: text)
        #expect(token.algorithm == "RS256")
        #expect(token.keyId == "k1")
        #expect(token.audiences == ["x", "y"])
        #expect(token.date("exp") == 5)
        #expect(token.signingInput == Array(text.split(separator: ".")[0...1].joined(separator: ".").utf8))
    }

    @Test(arguments: [
        "", "a", "a.b", "a.b.c.d", "e30.e30.", ".e30.AQ", "e30=.e30.AQ", "e30.e30.AQ==", "e+0.e30.AQ",
        // Header or claims that are not one strict JSON object: an array, a trailing comma, a repeated claim.
        "W10.e30.AQ",
    ])
    func refusesMalformedText(_ text: String) {
        #expect(throws: AWSError.self) { try WebIdentityToken(compact: text) }
    }

    @Test func refusesRepeatedClaimsAndOversizedTokens() {
        let repeated = Self.token(header: #"{"alg":"RS256"}"#, claims: #"{"sub":"a","sub":"b"}"#)
        #expect(throws: AWSError.self) { try WebIdentityToken(compact: repeated) }
        let big = Self.token(
            header: #"{"alg":"RS256"}"#, claims: "{\"sub\":\"" + String(repeating: "x", count: 15_000) + "\"}")
        #expect(big.utf8.count > WebIdentityToken.maximumLength)
        #expect(throws: AWSError.self) { try WebIdentityToken(compact: big) }
    }

    @Test func aBooleanIsNoDate() throws {
        let token = try WebIdentityToken(compact: Self.token(header: #"{"alg":"ES256"}"#, claims: #"{"exp":true}"#))
        #expect(token.date("exp") == nil)
        #expect(token.has("exp"))
    }

    @Test func anECKeyVerifiesES256OnlyAndHonoursItsPinnedAlgorithm() throws {
        let key = P256.Signing.PrivateKey()
        let point = Array(key.publicKey.x963Representation)
        let member: [String: Any] = [
            "kty": "EC", "crv": "P-256", "kid": "e1", "x": Base64URL.encode(point[1..<33]),
            "y": Base64URL.encode(point[33...]),
        ]
        let jwk = try #require(JSONWebKey(member))
        let input = Array("header.payload".utf8)
        let signature = Array(try key.signature(for: input).rawRepresentation)
        #expect(jwk.verifies(signature, over: input, with: .es256))
        #expect(!jwk.verifies(signature, over: input + [0], with: .es256))
        #expect(!jwk.verifies(signature, over: input, with: .rs256))
        #expect(!jwk.verifies(signature, over: input, with: .es384))
        var pinned = member
        pinned["alg"] = "ES384"
        #expect(JSONWebKey(pinned)?.verifies(signature, over: input, with: .es256) == false)
        var encryption = member
        encryption["use"] = "enc"
        #expect(JSONWebKey(encryption) == nil)
    }

    @Test func anRSAKeyVerifiesRS256AndRefusesShortModuli() throws {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let numbers = try Self.rsaNumbers(key.publicKey)
        let jwk = try #require(
            JSONWebKey(["kty": "RSA", "n": Base64URL.encode(numbers.n), "e": Base64URL.encode(numbers.e)]))
        let input = Array("a.b".utf8)
        let signature = Array(
            try key.signature(for: SHA256.hash(data: input), padding: .insecurePKCS1v1_5).rawRepresentation)
        #expect(jwk.verifies(signature, over: input, with: .rs256))
        #expect(!jwk.verifies(signature, over: input, with: .rs512))
        #expect(!jwk.verifies(signature, over: input, with: .es256))
        let short = Array(numbers.n.dropFirst(129))
        #expect(JSONWebKey(["kty": "RSA", "n": Base64URL.encode(short), "e": Base64URL.encode(numbers.e)]) == nil)
    }

    /// n and e from PKCS #1 DER: SEQUENCE { INTEGER n, INTEGER e }.
    static func rsaNumbers(_ key: _RSA.Signing.PublicKey) throws -> (n: [UInt8], e: [UInt8]) {
        let der = Array(key.pkcs1DERRepresentation)
        var index = 0
        func length() -> Int {
            let first = Int(der[index])
            index += 1
            guard first & 0x80 != 0 else { return first }
            var value = 0
            for _ in 0..<(first & 0x7F) {
                value = value << 8 | Int(der[index])
                index += 1
            }
            return value
        }
        index += 1
        _ = length()
        func integer() -> [UInt8] {
            index += 1
            let count = length()
            defer { index += count }
            return Array(der[index..<index + count].drop { $0 == 0 })
        }
        return (integer(), integer())
    }

    @Test func unknownKeyIdsRefetchAtMostOncePerInterval() async throws {
        let source = CountingSource()
        let cache = IssuerKeyCache(source: source, refetchInterval: 10)
        let start = Date(timeIntervalSince1970: 1_000_000)
        #expect(try await cache.keys(issuer: "https://idp", keyId: "a", now: start).isEmpty)
        #expect(source.fetches == 1)
        for second in 1...5 {
            _ = try await cache.keys(issuer: "https://idp", keyId: "b\(second)", now: start + Double(second))
        }
        #expect(source.fetches == 1)
        _ = try await cache.keys(issuer: "https://idp", keyId: "c", now: start + 11)
        #expect(source.fetches == 2)
    }

    @Test func tokensArrivingTogetherShareOneFetch() async throws {
        let source = CountingSource(delay: .milliseconds(200))
        let cache = IssuerKeyCache(source: source, refetchInterval: 10)
        let now = Date(timeIntervalSince1970: 1_000_000)
        try await withThrowingTaskGroup(of: Int.self) { group in
            for n in 0..<8 {
                group.addTask { try await cache.keys(issuer: "https://idp", keyId: "k\(n)", now: now).count }
            }
            for try await count in group { #expect(count == 0) }
        }
        #expect(source.fetches == 1)
    }

    @Test func anUnreachableIssuerIsNotAskedAgainAtOnce() async {
        let source = CountingSource(failing: true)
        let cache = IssuerKeyCache(source: source, refetchInterval: 10)
        let start = Date(timeIntervalSince1970: 1_000_000)
        for second in 0..<3 {
            await #expect(throws: AWSError.self) {
                _ = try await cache.keys(issuer: "https://idp", keyId: nil, now: start + Double(second))
            }
        }
        #expect(source.fetches == 1)
    }
}

/// Serves an empty key set (or fails), counting the key-set fetches.
private final class CountingSource: IssuerDocumentSource {
    let failing: Bool
    let delay: Duration
    private let count = Mutex(0)
    var fetches: Int { count.withLock { $0 } }

    init(failing: Bool = false, delay: Duration = .zero) {
        self.failing = failing
        self.delay = delay
    }

    func fetch(_ url: String, maximumBytes: Int) async throws(IssuerFetchError) -> [UInt8] {
        if url.hasSuffix("openid-configuration") {
            count.withLock { $0 += 1 }
            try? await Task.sleep(for: delay)
            if failing { throw IssuerFetchError("down") }
            return Array(#"{"jwks_uri":"https://idp/jwks"}"#.utf8)
        }
        return Array(#"{"keys":[]}"#.utf8)
    }
}

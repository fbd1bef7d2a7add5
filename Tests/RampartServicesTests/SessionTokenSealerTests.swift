import Foundation
import RampartCore
import RampartStore
import Testing

@testable import RampartServices

/// A session token has exactly one valid spelling: the bytes' canonical base64. Each alternative
/// below decodes to the same sealed bytes under a lenient decoder, so it would open the same session.
struct SessionTokenSealerTests {
    let sealer: SessionTokenSealer

    init() throws {
        sealer = SessionTokenSealer(masterKey: try MasterKey(bytes: Array(repeating: 3, count: 32)))
    }

    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")

    func session(named name: String) -> TemporarySession {
        TemporarySession(
            source: .getSessionToken, accessKeyId: "ASIAEXAMPLE000000000",
            secretAccessKey: String(repeating: "s", count: 40),
            account: AccountID("123456789012")!, kind: .user, name: name, path: "/", principalId: "AIDAEXAMPLE",
            roleSessionName: nil, issuedAt: Date(timeIntervalSince1970: 1_800_000_000),
            expiresAt: Date(timeIntervalSince1970: 1_800_003_600))
    }

    /// The same bytes spelled otherwise: other values in the last character's unused bits, extra `=`.
    func respellings(of token: String) -> [String] {
        let body = String(token.dropFirst(4))
        let padding = body.reversed().prefix { $0 == "=" }.count
        var variants = [token + "=", token + "=="]
        // One `=`: two bytes in the last group, two bits unused; two: one byte, four unused.
        let unusedBits = [0, 2, 4][padding]
        guard unusedBits > 0 else { return variants }
        let stripped = Array(body.dropLast(padding))
        let last = Self.alphabet.firstIndex(of: stripped.last!)!
        for low in 1..<(1 << unusedBits) {
            let respelled = String(stripped.dropLast()) + String(Self.alphabet[last | low])
            variants.append("RPv1" + respelled + String(repeating: "=", count: padding))
        }
        return variants
    }

    @Test func onlyTheCanonicalSpellingOpens() throws {
        var paddings = Set<Int>()
        // Three consecutive name lengths give sealed lengths of every remainder modulo 3.
        for name in ["alice", "alicex", "alicexy"] {
            let original = session(named: name)
            let token = try sealer.seal(original)
            #expect(sealer.open(token) == original)
            paddings.insert(token.reversed().prefix { $0 == "=" }.count)
            for variant in respellings(of: token) {
                let body = String(variant.dropFirst(4))
                if let lenient = Data(base64Encoded: body) {
                    #expect(
                        lenient == Data(base64Encoded: String(token.dropFirst(4))), "\(variant) is another spelling")
                }
                #expect(sealer.open(variant) == nil, "\(variant) must not open")
            }
        }
        #expect(paddings == [0, 1, 2])
    }

    @Test func strictDecodingRefusesWhatALenientOneAccepts() {
        // "QQ==" is "A"; "QR==" sets unused bits and "QQ===" has an extra pad.
        #expect(SessionTokenSealer.canonicalBase64Decoded("QQ==") == Data([0x41]))
        #expect(SessionTokenSealer.canonicalBase64Decoded("QR==") == nil)
        #expect(SessionTokenSealer.canonicalBase64Decoded("QQ===") == nil)
        #expect(SessionTokenSealer.canonicalBase64Decoded("QQ") == nil)
        #expect(SessionTokenSealer.canonicalBase64Decoded(" QQ==") == nil)
    }
}

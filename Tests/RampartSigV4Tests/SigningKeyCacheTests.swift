import Foundation
import Testing

@testable import RampartSigV4

@Suite struct SigningKeyCacheTests {
    private func key(_ cache: SigningKeyCache, _ id: String, secret: String = "secret", date: String = "20260314")
        -> [UInt8]
    {
        cache.signingKey(accessKeyId: id, secretAccessKey: secret, date: date, region: "us-east-1", service: "iam")
            .bytes
    }

    @Test func cachesByEveryPartOfTheScope() {
        let cache = SigningKeyCache()
        let first = key(cache, "AKIA1")
        #expect(key(cache, "AKIA1") == first)
        #expect(cache.count == 1)
        #expect(key(cache, "AKIA1", secret: "other") != first)
        #expect(key(cache, "AKIA1", date: "20260315") != first)
        _ = cache.signingKey(
            accessKeyId: "AKIA1", secretAccessKey: "secret", date: "20260314", region: "eu-west-1", service: "iam")
        _ = cache.signingKey(
            accessKeyId: "AKIA1", secretAccessKey: "secret", date: "20260314", region: "us-east-1", service: "sts")
        #expect(cache.count == 5)
        #expect(
            first == SigningKey(secretAccessKey: "secret", date: "20260314", region: "us-east-1", service: "iam").bytes)
    }

    @Test func staysBounded() {
        let cache = SigningKeyCache(capacity: 100)
        for index in 0..<1_000 {
            _ = key(cache, "AKIA\(index)")
            #expect(cache.count <= 100)
        }
        #expect(cache.count > 0)
    }

    @Test func isSafeToShare() async {
        let cache = SigningKeyCache(capacity: 64)
        let expected = SigningKey(secretAccessKey: "secret", date: "20260314", region: "us-east-1", service: "iam")
            .bytes
        await withTaskGroup(of: Bool.self) { group in
            for task in 0..<8 {
                group.addTask {
                    var allRight = true
                    for index in 0..<500 {
                        _ = cache.signingKey(
                            accessKeyId: "AKIA\(task)-\(index)", secretAccessKey: "s", date: "20260314",
                            region: "us-east-1", service: "iam")
                        allRight =
                            allRight
                            && cache.signingKey(
                                accessKeyId: "AKIA", secretAccessKey: "secret", date: "20260314", region: "us-east-1",
                                service: "iam"
                            ).bytes == expected
                    }
                    return allRight
                }
            }
            for await allRight in group { #expect(allRight) }
        }
        #expect(cache.count <= 64)
    }
}

@Suite struct SigningSecretTests {
    final class Reveals: @unchecked Sendable {
        var count = 0
    }

    @Test func revealsTheSecretOnlyWhenNoKeyIsCached() {
        let cache = SigningKeyCache()
        let reveals = Reveals()
        let sealed = SigningSecret(identity: [1, 2, 3]) {
            reveals.count += 1
            return "secret"
        }
        let first = cache.signingKey(
            accessKeyId: "AKIA1", secret: sealed, date: "20260314", region: "us-east-1", service: "iam")
        let second = cache.signingKey(
            accessKeyId: "AKIA1", secret: sealed, date: "20260314", region: "us-east-1", service: "iam")
        #expect(reveals.count == 1)
        #expect(first?.bytes == second?.bytes)
        #expect(
            first?.bytes
                == SigningKey(secretAccessKey: "secret", date: "20260314", region: "us-east-1", service: "iam")
                .bytes)
        _ = cache.signingKey(
            accessKeyId: "AKIA1", secret: sealed, date: "20260315", region: "us-east-1", service: "iam")
        #expect(reveals.count == 2)
    }

    @Test func aNewSecretForTheSameKeyIdMisses() {
        let cache = SigningKeyCache()
        let old = SigningSecret(identity: [1]) { "old-secret" }
        let new = SigningSecret(identity: [2]) { "new-secret" }
        let before = cache.signingKey(accessKeyId: "AKIA1", secret: old, date: "20260314", region: "r", service: "iam")
        let after = cache.signingKey(accessKeyId: "AKIA1", secret: new, date: "20260314", region: "r", service: "iam")
        #expect(before?.bytes != after?.bytes)
    }

    @Test func aSecretThatCannotBeRevealedGivesNoKey() {
        let cache = SigningKeyCache()
        let broken = SigningSecret(identity: [9]) { nil }
        #expect(
            cache.signingKey(accessKeyId: "AKIA1", secret: broken, date: "20260314", region: "r", service: "iam") == nil
        )
        #expect(cache.count == 0)
    }

    @Test func plaintextSecretsAreIdentifiedByAHashNotTheSecret() {
        let secret = SigningSecret(plaintext: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
        #expect(secret.identity.count == 32)
        #expect(secret.identity != Array("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".utf8))
    }
}

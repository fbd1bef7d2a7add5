import Foundation
import RampartCore
import RampartStore
import Testing

@testable import RampartServices

/// A rotation inside one process: what must survive it (access-key secrets, session tokens, the
/// recovery-code key) does, in the same environment and in one opened afresh with the new key file.
struct MasterKeyRotationTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rotation-\(UUID().uuidString)")
    var keyFile: String { folder.appendingPathComponent("master.key").path }
    var signingKeyFile: String { folder.appendingPathComponent("audit-signing.key").path }
    let account = AccountID("123456789012")!

    init() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func environment(_ store: any Store) throws -> ServiceEnvironment {
        ServiceEnvironment(
            store: store, clock: SystemClock(), masterKeys: try MasterKeyring.loadOrCreate(at: keyFile),
            keyFiles: KeyFiles(
                masterKey: keyFile, auditSigningKey: signingKeyFile,
                auditSigner: TrailSigner(try TrailSigningKey.loadOrCreate(at: signingKeyFile)), rotationRefusal: nil),
            passwords: PasswordHasher(rounds: 1 << 4))
    }

    func session() -> TemporarySession {
        TemporarySession(
            source: .getSessionToken, accessKeyId: "ASIAEXAMPLE000000000", secretAccessKey: "secret",
            account: account, kind: .user, name: "alice", path: "/", principalId: "AIDAEXAMPLE",
            roleSessionName: nil, issuedAt: Date(), expiresAt: Date().addingTimeInterval(3600))
    }

    func adminSecret(_ environment: ServiceEnvironment) throws -> String {
        let key = try #require(environment.store.snapshot().get(AccessKey.self, "AKIAEXAMPLEADMIN0001"))
        return String(
            decoding: try environment.secrets.open(
                key.sealedSecret, boundTo: AccessKeyMaterial.sealingContext(key.id)), as: UTF8.self)
    }

    @Test func secretsSessionsAndRecoveryCodesOutliveTheOldKey() async throws {
        let store = try SQLiteStore(path: folder.appendingPathComponent("t.db").path, recordTypes: RecordTypes.all)
        let first = try environment(store)
        var options = Bootstrap.Options()
        options.accountId = account
        options.rootEmail = "root@example.com"
        options.rootPassword = "Correct-Horse-9-Battery"
        options.adminAccessKeyId = "AKIAEXAMPLEADMIN0001"
        options.adminSecretAccessKey = String(repeating: "a", count: 40)
        _ = try await Bootstrap(environment: first).run(options)
        let token = try first.sessionTokens.seal(session())
        let recoveryHash = RecoveryCodes(environment: first).hash("ABCD-EFGH", account: account, owner: nil)
        let oldKey = try MasterKeyring.load(at: keyFile).primary

        let rotation = try #require(first.masterKeyRotation)
        _ = try await rotation.rotate(.init(batchSize: 1))
        await rotation.waitUntilIdle()
        let status = await rotation.status()
        #expect(status.state == .completed)
        #expect(status.progress?.resealed ?? 0 >= 2)
        let ring = try MasterKeyring.load(at: keyFile)
        #expect(!ring.isRotating && ring.primary.id != oldKey.id)
        #expect(FileManager.default.fileExists(atPath: keyFile + ".retired-" + oldKey.idHex))

        #expect(try adminSecret(first) == String(repeating: "a", count: 40))
        #expect(first.sessionTokens.open(token)?.name == "alice")
        #expect(first.sessionTokens.open(try first.sessionTokens.seal(session())) != nil)

        // A restart: the new key file alone, the same database.
        let restarted = try environment(store)
        #expect(try adminSecret(restarted) == String(repeating: "a", count: 40))
        #expect(restarted.sessionTokens.open(token)?.name == "alice", "tokens sealed before stay valid")
        #expect(RecoveryCodes(environment: restarted).hash("ABCD-EFGH", account: account, owner: nil) == recoveryHash)
        // Every stored secret is under the new key: the old key alone opens none of them.
        let oldOnly = SecretBox(masterKey: oldKey)
        let sealed = try #require(store.snapshot().get(AccessKey.self, "AKIAEXAMPLEADMIN0001")).sealedSecret
        #expect(throws: (any Error).self) {
            try oldOnly.open(sealed, boundTo: AccessKeyMaterial.sealingContext("AKIAEXAMPLEADMIN0001"))
        }
    }
}

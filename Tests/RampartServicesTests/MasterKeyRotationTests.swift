import Foundation
import RampartCore
import RampartPolicy
import RampartStore
import Testing

@testable import RampartServices

/// A rotation inside one process: what must survive it (access-key secrets, session tokens, the
/// recovery-code key) does, in the same environment and in one opened afresh with the new key file.
struct MasterKeyRotationTests {
    let folder: URL
    var keyFile: String { folder.appendingPathComponent("master.key").path }
    var signingKeyFile: String { folder.appendingPathComponent("audit-signing.key").path }
    let account = AccountID("123456789012")!

    init() throws {
        folder = try TestFolder.make("rotation")
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

    /// An encoded authorization message a client holds decodes after a rotation and after a restart
    /// with the new key file alone (its key is stored by the first rotation, like the recovery-code key).
    @Test func authorizationMessagesEncodedBeforeARotationDecodeAfterARestart() async throws {
        let store = try SQLiteStore(path: folder.appendingPathComponent("m.db").path, recordTypes: RecordTypes.all)
        let first = try environment(store)
        let principal = Principal(
            account: account, kind: .user, name: "bob", userId: "AIDAEXAMPLEBOB000001",
            arn: "arn:aws:iam::123456789012:user/bob", session: nil, accessKeyId: "AKIAEXAMPLEBOB000001")
        let request = AuthorizationRequest(
            principal: principal, action: "iam:CreateUser", resource: "*", context: ConditionContext())
        let encoded = first.authorizationMessages.encode(AWSError.accessDenied("denied"), request: request, result: nil)
        let text = try #require(encoded.message.components(separatedBy: "failure message: ").last)
        #expect(first.authorizationMessages.decode(text, account: account) != nil)

        let rotation = try #require(first.masterKeyRotation)
        _ = try await rotation.rotate(.init())
        await rotation.waitUntilIdle()
        #expect(await rotation.status().state == .completed)
        #expect(try MasterKeyring.load(at: keyFile).all.count == 1)

        let restarted = try environment(store)
        #expect(restarted.authorizationMessages.decode(text, account: account) != nil)
        // And what the restarted server encodes decodes too (it seals with the stored key).
        let again = restarted.authorizationMessages.encode(
            AWSError.accessDenied("denied"), request: request, result: nil)
        let newer = try #require(again.message.components(separatedBy: "failure message: ").last)
        #expect(restarted.authorizationMessages.decode(newer, account: account) != nil)
        // Without the stored key (as before this fix), the new master key alone does not open it.
        let derivedOnly = AuthorizationMessageSealer(masterKey: try MasterKeyring.load(at: keyFile).primary)
        #expect(derivedOnly.decode(text, account: account) == nil)
    }
}

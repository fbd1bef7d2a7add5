import Foundation
import RampartCore
import RampartStore

@testable import RampartServices

extension ServiceEnvironment {
    /// A bootstrapped account (root with `rootEmail` and `rootPassword`) over a store in a fresh temporary
    /// folder, with a cheap password hash so that tests sign in quickly.
    static func temporary(
        clock: any RampartCore.Clock, account: AccountID, rootEmail: String = "root@example.com",
        rootPassword: String = "Correct-Horse-9-Battery"
    ) async throws -> ServiceEnvironment {
        let folder = try TestFolder.make("services")
        let store = try SQLiteStore(path: folder.appendingPathComponent("t.db").path, recordTypes: RecordTypes.all)
        let environment = ServiceEnvironment(
            store: store, clock: clock, masterKey: try MasterKey(bytes: Array(repeating: 9, count: 32)),
            passwords: PasswordHasher(rounds: 1 << 4))
        var options = Bootstrap.Options()
        options.accountId = account
        options.rootEmail = rootEmail
        options.rootPassword = rootPassword
        _ = try await Bootstrap(environment: environment).run(options)
        return environment
    }
}

extension Principal {
    /// The root user of `account`, signing with a long-term access key.
    static func rootUser(of account: AccountID) -> Principal {
        Principal(
            account: account, kind: .root, name: "root", userId: account.rawValue,
            arn: "arn:aws:iam::\(account.rawValue):root", session: nil, accessKeyId: "AKIAROOT")
    }
}

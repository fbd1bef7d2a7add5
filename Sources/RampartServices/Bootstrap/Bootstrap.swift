import Foundation
import RampartCore
import RampartStore

/// First-start setup: one account with its root user, an IAM user `admin` holding
/// AdministratorAccess and an access key, and the AWS managed policies. Explicit values make
/// test environments reproducible; anything left out is generated.
public struct Bootstrap: Sendable {
    public struct Options: Sendable {
        public var accountId: AccountID?
        public var rootEmail: String?
        public var rootPassword: String?
        public var adminAccessKeyId: String?
        public var adminSecretAccessKey: String?
        public var rootAccessKeyId: String?
        public var rootSecretAccessKey: String?
        /// `aws` unless given; GovCloud (`aws-us-gov`) and China (`aws-cn`) accounts have no root user.
        public var partition: Partition?
        public init() {}
    }

    /// What a person needs to sign in. Secrets are present only when this run created them.
    public struct Result: Sendable {
        public var accountId: AccountID
        public var rootEmail: String
        public var rootPassword: String?
        public var adminAccessKeyId: String
        public var adminSecretAccessKey: String?
        public var rootAccessKeyId: String?
        public var rootSecretAccessKey: String?
        public var created: Bool
        public var partition = Partition.commercial
    }

    let environment: ServiceEnvironment

    public init(environment: ServiceEnvironment) {
        self.environment = environment
    }

    public func run(_ options: Options) async throws -> Result {
        try await installManagedPolicies()
        let snapshot = environment.store.snapshot()
        if let existing = existingAccount(snapshot) {
            let adminKey = snapshot.all(AccessKey.self, account: existing.id.rawValue).first { $0.userName == "admin" }
            return Result(
                accountId: existing.id, rootEmail: existing.rootEmail, rootPassword: nil,
                adminAccessKeyId: adminKey?.id ?? "(deleted)", adminSecretAccessKey: nil, rootAccessKeyId: nil,
                rootSecretAccessKey: nil, created: false)
        }
        try validate(options)
        var generator = SystemRandomNumberGenerator()
        let accountId = options.accountId ?? AccountID(random: &generator)
        let rootEmail = options.rootEmail ?? "root@rampart.localhost"
        let partition = options.partition ?? Partition.commercial
        let rootless = !partition.hasRootUsers
        let rootPassword = rootless ? nil : options.rootPassword ?? Self.generatedPassword()
        let adminKeyId = options.adminAccessKeyId ?? AccessKeyMaterial.newId()
        let adminSecret = options.adminSecretAccessKey ?? AccessKeyMaterial.newSecret()
        let rootKey: (String, String)? =
            options.rootAccessKeyId.map { ($0, options.rootSecretAccessKey ?? AccessKeyMaterial.newSecret()) }
        let now = environment.clock.now
        let rootHash = try rootPassword.map { try environment.passwords.hash($0) }
        let secrets = environment.secrets
        let adminSealed = try secrets.seal(
            Array(adminSecret.utf8), boundTo: AccessKeyMaterial.sealingContext(adminKeyId))
        let rootSealed = try rootKey.map { id, secret in
            try secrets.seal(Array(secret.utf8), boundTo: AccessKeyMaterial.sealingContext(id))
        }

        // Checked again inside the write: instances starting at once on one PostgreSQL database must
        // not both create the first account.
        let created = try await environment.store.write { tx -> Bool in
            if Self.operatorAccount(tx.snapshot) != nil { return false }
            var account = Account(id: accountId, createDate: now, rootEmail: rootEmail, rootPassword: rootHash)
            account.isOperator = true
            account.partition = partition == .commercial ? nil : partition
            tx.put(account)
            var admin = User(account: accountId, name: "admin", id: UniqueID.make(.user), path: "/", createDate: now)
            admin.policies.managedPolicyArns = [AWSManagedPolicies.administratorAccessArn(in: partition)]
            tx.put(admin)
            var adminKey = AccessKey(
                id: adminKeyId, account: accountId, userName: "admin", status: .active, sealedSecret: adminSealed,
                createDate: now)
            adminKey.userId = admin.id
            tx.put(adminKey)
            if let rootKey, let rootSealed {
                tx.put(
                    AccessKey(
                        id: rootKey.0, account: accountId, userName: nil, status: .active, sealedSecret: rootSealed,
                        createDate: now))
            }
            return true
        }
        guard created else { return try await run(options) }
        return Result(
            accountId: accountId, rootEmail: rootEmail, rootPassword: rootPassword, adminAccessKeyId: adminKeyId,
            adminSecretAccessKey: adminSecret, rootAccessKeyId: rootKey?.0, rootSecretAccessKey: rootKey?.1,
            created: true, partition: partition)
    }

    func existingAccount(_ snapshot: StoreSnapshot) -> Account? {
        Self.operatorAccount(snapshot)
    }

    /// The account `rampart init` made. Data folders from before accounts were marked have only that
    /// one account, or it is the oldest.
    public static func operatorAccount(_ snapshot: StoreSnapshot) -> Account? {
        // Unsorted: this is asked on every mandate call, and sorting every account's id was most of it.
        let accounts = snapshot.all(Account.self)
        return accounts.first { $0.isOperator == true }
            ?? accounts.min { ($0.createDate, $0.id.rawValue) < ($1.createDate, $1.id.rawValue) }
    }

    private func installManagedPolicies() async throws {
        try await environment.store.write { tx in
            for policy in AWSManagedPolicies.all where tx.get(ManagedPolicy.self, policy.recordKey) != policy {
                tx.put(policy)
            }
        }
    }

    private func validate(_ options: Options) throws(AWSError) {
        for id in [options.adminAccessKeyId, options.rootAccessKeyId].compactMap({ $0 }) {
            guard id.hasPrefix("AKIA"), (16...128).contains(id.count),
                id.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber) })
            else {
                throw AWSError.invalidInput(
                    "access key id \(id) must be AKIA followed by upper-case letters and digits")
            }
        }
        for secret in [options.adminSecretAccessKey, options.rootSecretAccessKey].compactMap({ $0 })
        where secret.count < 16 {
            throw AWSError.invalidInput("secret access keys must have at least 16 characters")
        }
        if let partition = options.partition {
            guard Partition.all.contains(partition) else {
                throw AWSError.invalidInput(
                    "partition \(partition) is not one of \(Partition.all.map(\.rawValue).joined(separator: ", "))")
            }
            if !partition.hasRootUsers
                && (options.rootPassword != nil || options.rootAccessKeyId != nil)
            {
                throw AWSError.invalidInput("accounts in the \(partition) partition have no root user credentials")
            }
        }
    }

    static func generatedPassword() -> String {
        // Groups of base32 characters: easy to read aloud, 120 bits, meets any password policy.
        let body = UniqueID.make(.user, length: 28).dropFirst(4)
        return "Rp-"
            + body.enumerated().map { index, character in index > 0 && index % 6 == 0 ? "-\(character)" : "\(character)"
            }
            .joined() + "-9a"
    }
}

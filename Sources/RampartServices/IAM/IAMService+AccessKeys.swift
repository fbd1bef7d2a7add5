import RampartCore
import RampartStore

extension IAMService {
    public func createAccessKey(_ input: IAM.CreateAccessKeyRequest, _ call: CallContext) async throws
        -> IAM.CreateAccessKeyResponse
    {
        let account = call.principal.account
        let userName = try targetUserName(input.userName, call)
        let secret = AccessKeyMaterial.newSecret()
        let id = AccessKeyMaterial.newId()
        let sealed = try environment.secrets.seal(Array(secret.utf8), boundTo: AccessKeyMaterial.sealingContext(id))
        let key = try await store.write { tx in
            var owner = userName
            var ownerId: String?
            if let name = userName {
                let user = try tx.user(account, name)
                owner = user.name
                ownerId = user.id
            }
            let existing = tx.all(AccessKey.self, account: account.rawValue).filter { $0.userName == owner }
            guard existing.count < Limits.accessKeysPerUser else {
                throw AWSError.limitExceeded("Cannot exceed quota for AccessKeysPerUser: \(Limits.accessKeysPerUser)")
            }
            var key = AccessKey(
                id: id, account: account, userName: owner, status: .active, sealedSecret: sealed, createDate: call.now)
            key.userId = ownerId
            tx.put(key)
            return key
        }
        return IAM.CreateAccessKeyResponse(
            accessKey: IAM.AccessKey(
                userName: key.userName ?? "", accessKeyId: key.id, status: key.status.rawValue,
                secretAccessKey: secret, createDate: key.createDate))
    }

    public func listAccessKeys(_ input: IAM.ListAccessKeysRequest, _ call: CallContext) async throws
        -> IAM.ListAccessKeysResponse
    {
        let snapshot = store.snapshot()
        let account = call.principal.account
        let owner = try existingTargetUser(input.userName, call, snapshot)
        let keys = snapshot.all(AccessKey.self, account: account.rawValue).filter { $0.userName == owner }
        let page = try Page(keys, sortKey: { $0.id }, marker: input.marker, maxItems: input.maxItems)
        return IAM.ListAccessKeysResponse(
            accessKeyMetadata: page.items.map {
                IAM.AccessKeyMetadata(
                    userName: $0.userName, accessKeyId: $0.id, status: $0.status.rawValue, createDate: $0.createDate)
            },
            isTruncated: page.isTruncated, marker: page.marker)
    }

    public func updateAccessKey(_ input: IAM.UpdateAccessKeyRequest, _ call: CallContext) async throws {
        let userName = try targetUserName(input.userName, call)
        guard let status = AccessKey.Status(rawValue: input.status) else {
            throw AWSError.validation("Invalid status \(input.status)")
        }
        try await store.write { tx in
            var key = try ownedKey(input.accessKeyId, userName: userName, tx, call)
            key.status = status
            tx.put(key)
        }
    }

    public func deleteAccessKey(_ input: IAM.DeleteAccessKeyRequest, _ call: CallContext) async throws {
        let userName = try targetUserName(input.userName, call)
        try await store.write { tx in
            let key = try ownedKey(input.accessKeyId, userName: userName, tx, call)
            tx.delete(AccessKey.self, key.id)
        }
    }

    public func getAccessKeyLastUsed(_ input: IAM.GetAccessKeyLastUsedRequest, _ call: CallContext) async throws
        -> IAM.GetAccessKeyLastUsedResponse
    {
        guard let key = store.snapshot().get(AccessKey.self, input.accessKeyId), key.account == call.principal.account
        else {
            throw AWSError.accessDenied("The Access Key with id \(input.accessKeyId) cannot be found.")
        }
        return IAM.GetAccessKeyLastUsedResponse(
            userName: key.userName,
            accessKeyLastUsed: IAM.AccessKeyLastUsed(
                lastUsedDate: key.lastUsedDate, serviceName: key.lastUsedService ?? "N/A",
                region: key.lastUsedRegion ?? "N/A"))
    }

    /// A key that belongs to the named user (or to root when `userName` is nil).
    private func ownedKey(_ id: String, userName: String?, _ tx: StoreTransaction, _ call: CallContext)
        throws(AWSError) -> AccessKey
    {
        let account = call.principal.account
        var owner = userName
        if let name = userName { owner = try tx.user(account, name).name }
        guard let key = tx.get(AccessKey.self, id), key.account == account, key.userName == owner else {
            throw AWSError.noSuchEntity("The Access Key with id \(id) cannot be found")
        }
        return key
    }
}

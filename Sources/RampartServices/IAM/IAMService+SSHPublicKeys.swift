import RampartCore
import RampartStore

// SSH public keys for CodeCommit. Keys belong to the user's unique id: a renamed user keeps them,
// a new user of a deleted one's name starts without any.
extension IAMService {
    public func uploadSSHPublicKey(_ input: IAM.UploadSSHPublicKeyRequest, _ call: CallContext) async throws
        -> IAM.UploadSSHPublicKeyResponse
    {
        let account = call.principal.account
        let uploaded: UploadedSSHPublicKey
        do {
            uploaded = try UploadedSSHPublicKey(body: input.sshPublicKeyBody)
        } catch .unrecognizedEncoding {
            throw AWSError.unrecognizedPublicKeyEncoding(
                "The public key encoding format is unsupported or unrecognized: use ssh-rsa or PEM (RSA).")
        } catch .invalid(let reason) {
            throw AWSError.invalidPublicKey(reason)
        }
        let fingerprint = uploaded.fingerprint
        let (key, user) = try await store.write { tx in
            let user = try tx.user(account, input.userName)
            let owned = tx.all(SSHPublicKey.self, account: account.rawValue).filter { $0.userId == user.id }
            if owned.contains(where: { $0.fingerprint == fingerprint }) {
                throw AWSError.duplicateSSHPublicKey(
                    "The SSH public key with fingerprint \(fingerprint) is already associated with user \(user.name).")
            }
            guard owned.count < Limits.sshPublicKeysPerUser else {
                throw AWSError.limitExceeded(
                    "Cannot exceed quota for SSHPublicKeysPerUser: \(Limits.sshPublicKeysPerUser)")
            }
            let key = SSHPublicKey(
                id: UniqueID.make(.sshPublicKey, length: 20), account: account, userId: user.id,
                body: input.sshPublicKeyBody, encoding: uploaded.encoding,
                converted: uploaded.encoding == .ssh ? uploaded.pem : uploaded.openSSH, fingerprint: fingerprint,
                uploadDate: call.now)
            tx.put(key)
            return (key, user)
        }
        return IAM.UploadSSHPublicKeyResponse(
            sshPublicKey: IAM.SSHPublicKey(key, userName: user.name, as: key.encoding))
    }

    public func getSSHPublicKey(_ input: IAM.GetSSHPublicKeyRequest, _ call: CallContext) async throws
        -> IAM.GetSSHPublicKeyResponse
    {
        let snapshot = store.snapshot()
        let user = try snapshot.user(call.principal.account, input.userName)
        let key = try ownedSSHKey(input.sshPublicKeyId, of: user, snapshot)
        // The model's enum already refused anything but SSH and PEM.
        let encoding = SSHPublicKey.Encoding(rawValue: input.encoding) ?? .ssh
        return IAM.GetSSHPublicKeyResponse(sshPublicKey: IAM.SSHPublicKey(key, userName: user.name, as: encoding))
    }

    public func listSSHPublicKeys(_ input: IAM.ListSSHPublicKeysRequest, _ call: CallContext) async throws
        -> IAM.ListSSHPublicKeysResponse
    {
        let snapshot = store.snapshot()
        // Root holds no SSH keys: without a user name, root's list is empty.
        guard let name = try targetUserName(input.userName, call) else {
            return IAM.ListSSHPublicKeysResponse(sshPublicKeys: [], isTruncated: false)
        }
        let user = try snapshot.user(call.principal.account, name)
        let keys = snapshot.all(SSHPublicKey.self, account: call.principal.account.rawValue).filter {
            $0.userId == user.id
        }
        let page = try Page(keys, sortKey: { $0.id }, marker: input.marker, maxItems: input.maxItems)
        return IAM.ListSSHPublicKeysResponse(
            sshPublicKeys: page.items.map {
                IAM.SSHPublicKeyMetadata(
                    userName: user.name, sshPublicKeyId: $0.id, status: $0.status.rawValue, uploadDate: $0.uploadDate)
            },
            isTruncated: page.isTruncated, marker: page.marker)
    }

    public func updateSSHPublicKey(_ input: IAM.UpdateSSHPublicKeyRequest, _ call: CallContext) async throws {
        let status = try settableStatus(input.status)
        try await store.write { tx in
            let user = try tx.user(call.principal.account, input.userName)
            var key = try ownedSSHKey(input.sshPublicKeyId, of: user, tx)
            key.status = status
            tx.put(key)
        }
    }

    public func deleteSSHPublicKey(_ input: IAM.DeleteSSHPublicKeyRequest, _ call: CallContext) async throws {
        try await store.write { tx in
            let user = try tx.user(call.principal.account, input.userName)
            let key = try ownedSSHKey(input.sshPublicKeyId, of: user, tx)
            tx.delete(SSHPublicKey.self, key.recordKey)
        }
    }

    private func ownedSSHKey(_ id: String, of user: User, _ reader: some EntityReader) throws(AWSError)
        -> SSHPublicKey
    {
        guard let key = reader.get(SSHPublicKey.self, id), key.account == user.account, key.userId == user.id else {
            throw AWSError.noSuchEntity("The Public Key with id \(id) cannot be found.")
        }
        return key
    }
}

extension IAM.SSHPublicKey {
    init(_ key: RampartCore.SSHPublicKey, userName: String, as encoding: RampartCore.SSHPublicKey.Encoding) {
        self.init(
            userName: userName, sshPublicKeyId: key.id, fingerprint: key.fingerprint,
            sshPublicKeyBody: key.text(in: encoding), status: key.status.rawValue, uploadDate: key.uploadDate)
    }
}

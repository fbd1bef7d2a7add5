import Foundation
import RampartCore
import RampartStore

// Service-specific credentials: passwords for CodeCommit and Keyspaces, API keys for Bedrock and
// CloudWatch Logs. The secret is sealed at rest and returned only by Create and Reset.
extension IAMService {
    public func createServiceSpecificCredential(
        _ input: IAM.CreateServiceSpecificCredentialRequest, _ call: CallContext
    ) async throws -> IAM.CreateServiceSpecificCredentialResponse {
        let account = call.principal.account
        let kind = try credentialKind(input.serviceName)
        if input.credentialAgeDays != nil, kind != .apiKey {
            throw AWSError.invalidInput(
                "CredentialAgeDays is only valid for the API keys of bedrock.amazonaws.com and logs.amazonaws.com.")
        }
        let id = UniqueID.make(.serviceSpecificCredential)
        // Reads the user before sealing, so the secret can carry its name; the write checks again.
        let userName = try store.snapshot().user(account, input.userName).name
        let alias = ServiceCredentialKind.userName(userName, account: account)
        let secret = kind.newSecret(serviceName: input.serviceName, alias: alias)
        let sealed = try environment.secrets.seal(
            Array(secret.utf8), boundTo: ServiceSpecificCredential.sealingContext(account: account, id: id))
        let credential = try await store.write { tx in
            let user = try tx.user(account, input.userName)
            let held = tx.all(ServiceSpecificCredential.self, account: account.rawValue).filter {
                $0.userId == user.id && $0.serviceName == input.serviceName
            }
            guard held.count < Limits.serviceSpecificCredentialsPerService else {
                throw AWSError.limitExceeded(
                    "Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: "
                        + "\(Limits.serviceSpecificCredentialsPerService)")
            }
            var credential = ServiceSpecificCredential(
                id: id, account: account, userId: user.id, serviceName: input.serviceName, sealedSecret: sealed,
                createDate: call.now)
            switch kind {
            case .password: credential.serviceUserName = alias
            case .apiKey: credential.serviceCredentialAlias = alias
            }
            credential.expirationDate = input.credentialAgeDays.map { call.now.addingTimeInterval(Double($0) * 86_400) }
            tx.put(credential)
            return credential
        }
        return IAM.CreateServiceSpecificCredentialResponse(
            serviceSpecificCredential: IAM.ServiceSpecificCredential(
                credential, userName: userName, secret: secret, kind: kind, now: call.now))
    }

    public func listServiceSpecificCredentials(
        _ input: IAM.ListServiceSpecificCredentialsRequest, _ call: CallContext
    ) async throws -> IAM.ListServiceSpecificCredentialsResponse {
        let snapshot = store.snapshot()
        let account = call.principal.account
        if let serviceName = input.serviceName { _ = try credentialKind(serviceName) }
        let allUsers = input.allUsers ?? false
        if allUsers, input.userName != nil {
            throw AWSError.invalidInput("UserName cannot be specified together with AllUsers.")
        }
        var names = [String: String]()
        var credentials = snapshot.all(ServiceSpecificCredential.self, account: account.rawValue)
        if allUsers {
            for user in snapshot.all(User.self, account: account.rawValue) { names[user.id] = user.name }
        } else if let name = try targetUserName(input.userName, call) {
            let user = try snapshot.user(account, name)
            names[user.id] = user.name
            credentials.removeAll { $0.userId != user.id }
        } else {
            credentials = []  // root holds none
        }
        if let serviceName = input.serviceName { credentials.removeAll { $0.serviceName != serviceName } }
        let page = try Page(credentials, sortKey: { $0.id }, marker: input.marker, maxItems: input.maxItems)
        return IAM.ListServiceSpecificCredentialsResponse(
            serviceSpecificCredentials: page.items.map {
                IAM.ServiceSpecificCredentialMetadata(
                    userName: names[$0.userId] ?? "", status: $0.effectiveStatus(at: call.now),
                    serviceUserName: $0.serviceUserName, serviceCredentialAlias: $0.serviceCredentialAlias,
                    createDate: $0.createDate, expirationDate: $0.expirationDate,
                    serviceSpecificCredentialId: $0.id, serviceName: $0.serviceName)
            },
            marker: page.marker, isTruncated: page.isTruncated)
    }

    public func resetServiceSpecificCredential(
        _ input: IAM.ResetServiceSpecificCredentialRequest, _ call: CallContext
    ) async throws -> IAM.ResetServiceSpecificCredentialResponse {
        let account = call.principal.account
        let userName = try targetUserName(input.userName, call)
        let current = try ownedServiceCredential(input.serviceSpecificCredentialId, userName, store.snapshot(), call)
        let kind = try credentialKind(current.credential.serviceName)
        let alias = ServiceCredentialKind.userName(current.user.name, account: account)
        let secret = kind.newSecret(serviceName: current.credential.serviceName, alias: alias)
        let sealed = try environment.secrets.seal(
            Array(secret.utf8),
            boundTo: ServiceSpecificCredential.sealingContext(account: account, id: current.credential.id))
        let (credential, user) = try await store.write { tx in
            var (credential, user) = try ownedServiceCredential(input.serviceSpecificCredentialId, userName, tx, call)
            credential.sealedSecret = sealed
            tx.put(credential)
            return (credential, user)
        }
        return IAM.ResetServiceSpecificCredentialResponse(
            serviceSpecificCredential: IAM.ServiceSpecificCredential(
                credential, userName: user.name, secret: secret, kind: kind, now: call.now))
    }

    public func updateServiceSpecificCredential(
        _ input: IAM.UpdateServiceSpecificCredentialRequest, _ call: CallContext
    ) async throws {
        let userName = try targetUserName(input.userName, call)
        let status = try settableStatus(input.status)
        try await store.write { tx in
            var (credential, _) = try ownedServiceCredential(input.serviceSpecificCredentialId, userName, tx, call)
            credential.status = status
            tx.put(credential)
        }
    }

    public func deleteServiceSpecificCredential(
        _ input: IAM.DeleteServiceSpecificCredentialRequest, _ call: CallContext
    ) async throws {
        let userName = try targetUserName(input.userName, call)
        try await store.write { tx in
            let (credential, _) = try ownedServiceCredential(input.serviceSpecificCredentialId, userName, tx, call)
            tx.delete(ServiceSpecificCredential.self, credential.recordKey)
        }
    }

    private func credentialKind(_ serviceName: String) throws(AWSError) -> ServiceCredentialKind {
        guard let kind = ServiceCredentialKind(serviceName: serviceName) else {
            throw AWSError.serviceNotSupported(
                "The service \(serviceName) does not support service-specific credentials.")
        }
        return kind
    }

    /// A credential of the named user, or of the caller when `userName` is nil (root holds none).
    private func ownedServiceCredential(
        _ id: String, _ userName: String?, _ reader: some EntityReader, _ call: CallContext
    ) throws(AWSError) -> (credential: ServiceSpecificCredential, user: User) {
        let account = call.principal.account
        let user = try userName.map { name throws(AWSError) in try reader.user(account, name) }
        guard let user, let credential = reader.get(ServiceSpecificCredential.self, id),
            credential.account == account, credential.userId == user.id
        else {
            throw AWSError.noSuchEntity("No such entity found for the service-specific credential with id \(id).")
        }
        return (credential, user)
    }
}

extension IAM.ServiceSpecificCredential {
    /// The answer of Create and Reset: the only two that carry the secret.
    init(
        _ credential: RampartCore.ServiceSpecificCredential, userName: String, secret: String,
        kind: ServiceCredentialKind,
        now: Date
    ) {
        self.init(
            createDate: credential.createDate, expirationDate: credential.expirationDate,
            serviceName: credential.serviceName, serviceUserName: credential.serviceUserName,
            servicePassword: kind == .password ? secret : nil,
            serviceCredentialAlias: credential.serviceCredentialAlias,
            serviceCredentialSecret: kind == .apiKey ? secret : nil, serviceSpecificCredentialId: credential.id,
            userName: userName, status: credential.effectiveStatus(at: now))
    }
}

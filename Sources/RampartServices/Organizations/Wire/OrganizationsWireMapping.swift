import RampartCore

// Entities as the Organizations model shapes them.

extension Organizations.Organization {
    init(_ organization: Organization) {
        self.init(
            id: organization.id, arn: organization.arn, featureSet: organization.featureSet.rawValue,
            masterAccountArn: OrganizationARN.account(organization.managementAccount, in: organization),
            masterAccountId: organization.managementAccount.rawValue,
            masterAccountEmail: organization.managementEmail,
            availablePolicyTypes: organization.root.enabledPolicyTypes.map {
                Organizations.PolicyTypeSummary(type: $0.rawValue, status: "ENABLED")
            })
    }
}

extension Organizations.Root {
    init(_ root: OrganizationRoot, in organization: Organization) {
        self.init(
            id: root.id, arn: root.arn(in: organization), name: root.name,
            policyTypes: root.enabledPolicyTypes.map {
                Organizations.PolicyTypeSummary(type: $0.rawValue, status: "ENABLED")
            })
    }
}

extension Organizations.OrganizationalUnit {
    init(_ unit: OrganizationalUnit) {
        self.init(id: unit.id, arn: unit.arn, name: unit.name)
    }
}

extension Organizations.Account {
    init(_ account: Account, in organization: Organization) {
        self.init(
            id: account.id.rawValue, arn: OrganizationARN.account(account.id, in: organization),
            email: account.rootEmail, name: account.displayName, status: account.currentState.status,
            state: account.currentState.rawValue, joinedMethod: account.membership?.joinedMethod.rawValue,
            joinedTimestamp: account.membership?.joinedTimestamp)
    }
}

extension Organizations.CreateAccountStatus {
    init(_ status: CreateAccountRequestStatus) {
        self.init(
            id: status.id, accountName: status.accountName, state: status.state.rawValue,
            requestedTimestamp: status.requestedTimestamp, completedTimestamp: status.completedTimestamp,
            accountId: status.accountId?.rawValue, govCloudAccountId: status.govCloudAccountId?.rawValue,
            failureReason: status.failureReason)
    }
}

extension Organizations.PolicySummary {
    init(_ policy: OrganizationPolicy) {
        self.init(
            id: policy.id, arn: policy.arn, name: policy.name, description: policy.description,
            type: policy.type.rawValue, awsManaged: policy.awsManaged)
    }
}

extension Organizations.Policy {
    init(_ policy: OrganizationPolicy) {
        self.init(policySummary: Organizations.PolicySummary(policy), content: policy.content)
    }
}

extension Organizations.Handshake {
    init(_ handshake: Handshake) {
        self.init(
            id: handshake.id, arn: handshake.arn,
            parties: handshake.parties.map { Organizations.HandshakeParty(id: $0.id, type: $0.type) },
            state: handshake.state.rawValue, requestedTimestamp: handshake.requestedTimestamp,
            expirationTimestamp: handshake.expirationTimestamp, action: handshake.action,
            resources: handshake.resources.map(Organizations.HandshakeResource.init))
    }
}

extension Organizations.HandshakeResource {
    init(_ resource: Handshake.Resource) {
        self.init(
            value: resource.value, type: resource.type,
            resources: resource.resources.isEmpty ? nil : resource.resources.map(Organizations.HandshakeResource.init))
    }
}

extension Organizations.Tag {
    init(_ tag: Tag) { self.init(key: tag.key, value: tag.value) }
}

extension Array where Element == Organizations.Tag {
    var domain: [Tag] { map { Tag(key: $0.key, value: $0.value) } }
}

/// ARNs of Organizations resources that have no entity of their own.
enum OrganizationARN {
    static func account(_ id: AccountID, in organization: Organization) -> String {
        "arn:aws:organizations::\(organization.managementAccount.rawValue):account/\(organization.id)/\(id.rawValue)"
    }
}

import RampartCore

// Entities as the Organizations model shapes them.

extension Organizations.Organization {
    init(_ organization: Organization, in partition: Partition) {
        self.init(
            id: organization.id, arn: organization.arn(in: partition), featureSet: organization.featureSet.rawValue,
            masterAccountArn: organization.accountArn(organization.managementAccount, in: partition),
            masterAccountId: organization.managementAccount.rawValue,
            masterAccountEmail: organization.managementEmail,
            availablePolicyTypes: organization.root.enabledPolicyTypes.map {
                Organizations.PolicyTypeSummary(type: $0.rawValue, status: "ENABLED")
            })
    }
}

extension Organizations.Root {
    init(_ root: OrganizationRoot, in organization: Organization, partition: Partition) {
        self.init(
            id: root.id, arn: root.arn(in: organization, partition: partition), name: root.name,
            policyTypes: root.enabledPolicyTypes.map {
                Organizations.PolicyTypeSummary(type: $0.rawValue, status: "ENABLED")
            })
    }
}

extension Organizations.OrganizationalUnit {
    init(_ unit: OrganizationalUnit, in partition: Partition) {
        self.init(id: unit.id, arn: unit.arn(in: partition), name: unit.name)
    }
}

extension Organizations.Account {
    init(_ account: Account, in organization: Organization, partition: Partition) {
        self.init(
            id: account.id.rawValue, arn: organization.accountArn(account.id, in: partition),
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
    init(_ policy: OrganizationPolicy, in partition: Partition) {
        self.init(
            id: policy.id, arn: policy.arn(in: partition), name: policy.name, description: policy.description,
            type: policy.type.rawValue, awsManaged: policy.awsManaged)
    }
}

extension Organizations.Policy {
    init(_ policy: OrganizationPolicy, in partition: Partition) {
        self.init(policySummary: Organizations.PolicySummary(policy, in: partition), content: policy.content)
    }
}

extension Organizations.Handshake {
    init(_ handshake: Handshake, in partition: Partition) {
        self.init(
            id: handshake.id, arn: handshake.arn(in: partition),
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

import RampartCore
import RampartStore

// Centralized root access for member accounts: IAM's two organization features. Who may call these,
// and in which organization, is `CentralizedRootAccess`; every answer names the organization and the
// features enabled after the call.
extension IAMService {
    /// From now on, accounts CreateAccount makes have no root credentials. The management account's alone.
    public func enableOrganizationsRootCredentialsManagement(
        _ input: IAM.EnableOrganizationsRootCredentialsManagementRequest, _ call: CallContext
    ) async throws -> IAM.EnableOrganizationsRootCredentialsManagementResponse {
        try await setRootAccess(.rootCredentialsManagement, enabled: true, call)
    }

    /// New accounts get a root user that may recover a password again; accounts already without root
    /// credentials keep none.
    public func disableOrganizationsRootCredentialsManagement(
        _ input: IAM.DisableOrganizationsRootCredentialsManagementRequest, _ call: CallContext
    ) async throws -> IAM.DisableOrganizationsRootCredentialsManagementResponse {
        try await setRootAccess(.rootCredentialsManagement, enabled: false, call)
    }

    /// Opens AssumeRoot to the management account and IAM's delegated administrator. The management account's alone.
    public func enableOrganizationsRootSessions(
        _ input: IAM.EnableOrganizationsRootSessionsRequest, _ call: CallContext
    ) async throws -> IAM.EnableOrganizationsRootSessionsResponse {
        try await setRootAccess(.rootSessions, enabled: true, call)
    }

    /// AssumeRoot is refused from now on; sessions already open run out within their 15 minutes at
    /// most.
    public func disableOrganizationsRootSessions(
        _ input: IAM.DisableOrganizationsRootSessionsRequest, _ call: CallContext
    ) async throws -> IAM.DisableOrganizationsRootSessionsResponse {
        try await setRootAccess(.rootSessions, enabled: false, call)
    }

    public func listOrganizationsFeatures(_ input: IAM.ListOrganizationsFeaturesRequest, _ call: CallContext)
        async throws -> IAM.ListOrganizationsFeaturesResponse
    {
        let organization = try rootAccessOrganization(.managementOrDelegatedAdministrator, call, store.snapshot())
        return IAM.ListOrganizationsFeaturesResponse(organization)
    }

    /// Enabling is the management account's; disabling is open to IAM's delegated administrator too.
    private func setRootAccess<Answer: OrganizationsFeaturesAnswer>(
        _ feature: RootAccessFeature, enabled: Bool, _ call: CallContext
    ) async throws -> Answer {
        let organization = try await store.write { tx in
            var organization = try rootAccessOrganization(
                enabled ? .management : .managementOrDelegatedAdministrator, call, tx)
            organization.setRootAccess(feature, enabled: enabled)
            tx.put(organization)
            return organization
        }
        return Answer(organization)
    }

    private func rootAccessOrganization(
        _ caller: CentralizedRootAccess.Caller, _ call: CallContext, _ reader: some EntityReader
    ) throws(AWSError) -> Organization {
        do throws(CentralizedRootAccess.Refusal) {
            return try CentralizedRootAccess.organization(administeredBy: call.principal.account, caller, in: reader)
        } catch {
            throw error.iamError
        }
    }
}

/// The five operations answer alike: the organization and the features enabled after the call.
protocol OrganizationsFeaturesAnswer {
    init(organizationId: String?, enabledFeatures: [String]?)
}

extension OrganizationsFeaturesAnswer {
    init(_ organization: Organization) {
        self.init(
            organizationId: organization.id, enabledFeatures: organization.enabledRootAccessFeatures.map(\.rawValue))
    }
}

extension IAM.EnableOrganizationsRootCredentialsManagementResponse: OrganizationsFeaturesAnswer {}
extension IAM.DisableOrganizationsRootCredentialsManagementResponse: OrganizationsFeaturesAnswer {}
extension IAM.EnableOrganizationsRootSessionsResponse: OrganizationsFeaturesAnswer {}
extension IAM.DisableOrganizationsRootSessionsResponse: OrganizationsFeaturesAnswer {}
extension IAM.ListOrganizationsFeaturesResponse: OrganizationsFeaturesAnswer {}

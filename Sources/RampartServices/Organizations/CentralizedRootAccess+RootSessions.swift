import RampartCore
import RampartStore

extension CentralizedRootAccess {
    /// Why `sts:AssumeRoot` may not open a session, whatever the caller's policies say.
    enum RootSessionRefusal: Error, Equatable {
        /// "You cannot use root user credentials to make this call."
        case rootCredentials
        case notInOrganization
        case notManagementOrDelegatedAdministrator
        case serviceAccessNotEnabled
        case rootSessionsDisabled
        case targetNotInOrganization
        /// The management account's root is not centrally managed; only members' are.
        case targetIsManagementAccount
        case targetNotActive
    }

    /// The member account whose root user `principal` may open a session as: the caller an IAM user or
    /// role of the management account or of IAM's delegated administrator, trusted access for IAM and
    /// `RootSessions` on, the target an active member of the same organization other than the
    /// management account.
    static func rootSessionTarget(_ target: AccountID, for principal: Principal, in reader: some EntityReader)
        throws(RootSessionRefusal) -> Account
    {
        guard principal.kind != .root else { throw .rootCredentials }
        guard let (organization, _) = OrganizationTree.organization(of: principal.account, in: reader) else {
            throw .notInOrganization
        }
        guard
            principal.account == organization.managementAccount
                || isDelegatedAdministrator(principal.account, of: organization)
        else { throw .notManagementOrDelegatedAdministrator }
        // Trusted access needs all features, so this covers the feature set too.
        guard organization.trusts(servicePrincipal) else { throw .serviceAccessNotEnabled }
        guard organization.enabledRootAccessFeatures.contains(.rootSessions) else { throw .rootSessionsDisabled }
        guard let account = reader.get(Account.self, target.rawValue),
            account.membership?.organizationId == organization.id
        else { throw .targetNotInOrganization }
        guard target != organization.managementAccount else { throw .targetIsManagementAccount }
        guard account.currentState == .active else { throw .targetNotActive }
        return account
    }
}

extension CentralizedRootAccess.RootSessionRefusal {
    /// STS answers every refusal with AccessDenied; the reason follows AWS's "User: … is not authorized
    /// to perform: … on resource: …" as its policy denials do (AWS's own wording for these is not published).
    func accessDenied(_ principal: Principal, target: String) -> AWSError {
        let reason: String
        switch self {
        case .rootCredentials: reason = "root user credentials cannot call AssumeRoot"
        case .notInOrganization: reason = "the account is not a member of an organization"
        case .notManagementOrDelegatedAdministrator:
            reason = "the account is neither the management account nor a delegated administrator for IAM"
        case .serviceAccessNotEnabled: reason = "trusted access for IAM is not enabled in the organization"
        case .rootSessionsDisabled:
            reason = "centralized root access (RootSessions) is not enabled for the organization"
        case .targetNotInOrganization: reason = "the target account is not a member of the organization"
        case .targetIsManagementAccount: reason = "the target is the organization's management account"
        case .targetNotActive: reason = "the target account is suspended"
        }
        return .accessDenied(
            "User: \(principal.arn) is not authorized to perform: sts:AssumeRoot on resource: "
                + "\(ARN.iam(principal.partition, account: target, "root")) because \(reason)")
    }
}

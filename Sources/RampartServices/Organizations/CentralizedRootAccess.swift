import RampartCore
import RampartStore

/// IAM's centralized root access for member accounts, decided from the organization alone: who may
/// turn its features on and off and list them, and who may open a root session (`sts:AssumeRoot`) in
/// which member. Policies are weighed elsewhere (the authorizer asks for `iam:…` and `sts:AssumeRoot`
/// first); these are the fixed rules AWS adds on top.
enum CentralizedRootAccess {
    /// The service principal that must have trusted access, and that delegated administrators are for.
    static let servicePrincipal = "iam.amazonaws.com"

    /// Who an operation on the features admits. Enabling is the management account's alone (the model
    /// gives Enable… `CallerIsNotManagementAccountException`); the others admit IAM's delegated
    /// administrator too.
    enum Caller { case management, managementOrDelegatedAdministrator }

    /// Why an account may not manage the features: each case is one of IAM's modeled errors.
    enum Refusal: Error, Equatable {
        case organizationNotFound
        case notManagementOrDelegatedAdministrator
        case notManagementAccount
        case notAllFeatures
        case serviceAccessNotEnabled
    }

    /// The organization whose features `account` may manage, checked in this order: an organization
    /// at all, the caller's standing in it, all features, then IAM's trusted access (which an
    /// organization without all features cannot have).
    static func organization(
        administeredBy account: AccountID, _ caller: Caller, in reader: some EntityReader
    ) throws(Refusal) -> Organization {
        guard let (organization, _) = OrganizationTree.organization(of: account, in: reader) else {
            throw .organizationNotFound
        }
        if account != organization.managementAccount {
            guard isDelegatedAdministrator(account, of: organization) else {
                throw .notManagementOrDelegatedAdministrator
            }
            if caller == .management { throw .notManagementAccount }
        }
        guard organization.featureSet == .all else { throw .notAllFeatures }
        guard organization.trusts(servicePrincipal) else { throw .serviceAccessNotEnabled }
        return organization
    }

    static func isDelegatedAdministrator(_ account: AccountID, of organization: Organization) -> Bool {
        organization.delegatedAdministrators.contains {
            $0.account == account && $0.servicePrincipal == servicePrincipal
        }
    }

    /// Whether accounts created now in `organization` get no root credentials.
    static func createsAccountsWithoutRootCredentials(_ organization: Organization) -> Bool {
        organization.trusts(servicePrincipal)
            && organization.enabledRootAccessFeatures.contains(.rootCredentialsManagement)
    }
}

extension CentralizedRootAccess.Refusal {
    /// IAM's error: the shape's name is the code (the model gives these no `error` trait), status 400,
    /// and the model's documentation of the shape is the message.
    var iamError: AWSError {
        switch self {
        case .organizationNotFound:
            AWSError(
                code: "OrganizationNotFoundException",
                message: "The request was rejected because no organization is associated with your account.")
        case .notManagementOrDelegatedAdministrator:
            AWSError(
                code: "AccountNotManagementOrDelegatedAdministratorException",
                message: "The request was rejected because the account making the request is not the management "
                    + "account or delegated administrator account for centralized root access.")
        case .notManagementAccount:
            AWSError(
                code: "CallerIsNotManagementAccountException",
                message: "The request was rejected because the account making the request is not the management "
                    + "account for the organization.")
        case .notAllFeatures:
            AWSError(
                code: "OrganizationNotInAllFeaturesModeException",
                message: "The request was rejected because your organization does not have All features enabled.")
        case .serviceAccessNotEnabled:
            AWSError(
                code: "ServiceAccessNotEnabledException",
                message: "The request was rejected because trusted access is not enabled for IAM in Organizations.")
        }
    }
}

import RampartCore

/// The errors of AWS Organizations, with the messages AWS sends (the service model's text where no
/// response has been seen). The model gives none of them an HTTP status, so all are 400, as
/// Organizations answers them; several carry a `Reason` that clients switch on.
enum OrganizationsErrors {
    static func error(_ code: String, _ message: String, reason: String? = nil) -> AWSError {
        AWSError(code: code, message: message, fields: reason.map { ["Reason": $0] } ?? [:])
    }

    static var notInUse: AWSError {
        error("AWSOrganizationsNotInUseException", "Your account is not a member of an organization.")
    }
    static var accessDenied: AWSError {
        error(
            "AccessDeniedException",
            "You don't have permissions to perform the requested operation. The user or role that is making the "
                + "request must have at least one IAM permissions policy attached that grants the required permissions."
        )
    }
    static var alreadyInOrganization: AWSError {
        error(
            "AlreadyInOrganizationException",
            "This account is already a member of an organization. An account can belong to only one organization at a time."
        )
    }
    static var organizationNotEmpty: AWSError {
        error(
            "OrganizationNotEmptyException",
            "The organization isn't empty. To delete an organization, you must first remove all accounts except the "
                + "management account.")
    }
    static var accountNotFound: AWSError {
        error(
            "AccountNotFoundException",
            "We can't find an Amazon Web Services account with the AccountId that you specified, or the account whose "
                + "credentials you used to make this request isn't a member of an organization.")
    }
    static var accountAlreadyClosed: AWSError {
        error("AccountAlreadyClosedException", "You attempted to close an account that is already closed.")
    }
    static var childNotFound: AWSError {
        error(
            "ChildNotFoundException",
            "We can't find an organizational unit (OU) or Amazon Web Services account with the ChildId that you specified."
        )
    }
    static var parentNotFound: AWSError {
        error("ParentNotFoundException", "We can't find a root or OU with the ParentId that you specified.")
    }
    static var sourceParentNotFound: AWSError {
        error(
            "SourceParentNotFoundException", "We can't find a source root or OU with the ParentId that you specified.")
    }
    static var destinationParentNotFound: AWSError {
        error(
            "DestinationParentNotFoundException",
            "We can't find the destination container (a root or OU) with the ParentId that you specified.")
    }
    static var duplicateAccount: AWSError {
        error("DuplicateAccountException", "That account is already present in the specified destination.")
    }
    static var organizationalUnitNotFound: AWSError {
        error(
            "OrganizationalUnitNotFoundException",
            "We can't find an OU with the OrganizationalUnitId that you specified.")
    }
    static var organizationalUnitNotEmpty: AWSError {
        error(
            "OrganizationalUnitNotEmptyException",
            "The specified OU is not empty. Move all accounts to another root or to other OUs, remove all child OUs, "
                + "and try the operation again.")
    }
    static var duplicateOrganizationalUnit: AWSError {
        error("DuplicateOrganizationalUnitException", "An OU with the same name already exists.")
    }
    static var rootNotFound: AWSError {
        error("RootNotFoundException", "We can't find a root with the RootId that you specified.")
    }
    static var createAccountStatusNotFound: AWSError {
        error(
            "CreateAccountStatusNotFoundException",
            "We can't find an create account request with the CreateAccountRequestId that you specified.")
    }
    static var policyNotFound: AWSError {
        error("PolicyNotFoundException", "We can't find a policy with the PolicyId that you specified.")
    }
    static var policyInUse: AWSError {
        error(
            "PolicyInUseException",
            "The policy is attached to one or more entities. You must detach it from all roots, OUs, and accounts "
                + "before performing this operation.")
    }
    static var policyNotAttached: AWSError {
        error("PolicyNotAttachedException", "The policy isn't attached to the specified target in the specified root.")
    }
    static var duplicatePolicy: AWSError {
        error("DuplicatePolicyException", "A policy with the same name already exists.")
    }
    static var duplicatePolicyAttachment: AWSError {
        error("DuplicatePolicyAttachmentException", "The selected policy is already attached to the specified target.")
    }
    static var policyTypeNotEnabled: AWSError {
        error(
            "PolicyTypeNotEnabledException",
            "The specified policy type isn't currently enabled in this root. You can't attach policies of the "
                + "specified type to entities in a root until you enable that type in the root.")
    }
    static var policyTypeAlreadyEnabled: AWSError {
        error(
            "PolicyTypeAlreadyEnabledException", "The specified policy type is already enabled in the specified root.")
    }
    static var policyTypeNotAvailable: AWSError {
        error(
            "PolicyTypeNotAvailableForOrganizationException",
            "You can't use the specified policy type with the feature set currently enabled for this organization. "
                + "For example, you can enable SCPs only after you enable all features in the organization.")
    }
    static var targetNotFound: AWSError {
        error(
            "TargetNotFoundException",
            "We can't find a root, OU, account, or policy with the TargetId that you specified.")
    }
    static func malformedPolicyDocument(_ detail: String) -> AWSError {
        error(
            "MalformedPolicyDocumentException",
            "The provided policy document doesn't meet the requirements of the specified policy type. \(detail)")
    }
    /// What Organizations answers for an authorization policy (SCP, RCP) IAM's grammar refuses: the
    /// model's words for the error, without saying what is wrong (org-formation/org-formation-cli#225).
    static var policyNotOfItsType: AWSError {
        error(
            "MalformedPolicyDocumentException",
            "The provided policy document does not meet the requirements of the specified policy type.")
    }
    static var masterCannotLeave: AWSError {
        error(
            "MasterCannotLeaveOrganizationException",
            "You can't remove a management account from an organization. If you want the management account to "
                + "become a member account in another organization, you must first delete the current organization "
                + "of the management account.")
    }
    static var accountAlreadyRegistered: AWSError {
        error(
            "AccountAlreadyRegisteredException",
            "The specified account is already a delegated administrator for this Amazon Web Services service.")
    }
    static var accountNotRegistered: AWSError {
        error(
            "AccountNotRegisteredException",
            "The specified account is not a delegated administrator for this Amazon Web Services service.")
    }

    /// `ConstraintViolationException` with its `Reason` (the model lists them all).
    static func constraintViolation(_ reason: String, _ message: String) -> AWSError {
        error("ConstraintViolationException", message, reason: reason)
    }

    /// `InvalidInputException` with its `Reason`.
    static func invalidInput(_ reason: String, _ message: String) -> AWSError {
        error("InvalidInputException", message, reason: reason)
    }
}

extension OrganizationsErrors {
    static var handshakeNotFound: AWSError {
        error("HandshakeNotFoundException", "We can't find a handshake with the HandshakeId that you specified.")
    }
    static var duplicateHandshake: AWSError {
        error("DuplicateHandshakeException", "A handshake with the same action and target already exists.")
    }
    static var handshakeAlreadyInState: AWSError {
        error("HandshakeAlreadyInStateException", "The specified handshake is already in the requested state.")
    }
    static var invalidHandshakeTransition: AWSError {
        error(
            "InvalidHandshakeTransitionException",
            "You can't perform the operation on the handshake in its current state.")
    }
    static func handshakeConstraint(_ reason: String, _ message: String) -> AWSError {
        error("HandshakeConstraintViolationException", message, reason: reason)
    }
    static var effectivePolicyNotFound: AWSError {
        error(
            "EffectivePolicyNotFoundException",
            "If you ran this action on the management account, this policy type is not enabled. If you ran the "
                + "action on a member account, the account doesn't have an effective policy of this type.")
    }
}

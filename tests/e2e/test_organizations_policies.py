"""Organizations: policies. The policy API with its limits, and SCPs and RCPs as AWS evaluates them,
checked through live requests: every level from the root to the account must allow, an explicit
deny anywhere wins, the management account is never bound, a member's root user is.
"""

from __future__ import annotations

import json

import pytest

from e2e_helpers import ACCOUNT_ID, aws_error, dumps, make_session, unique
from org_helpers import POLICY_ID, Org, organization_fixture, root_id

org = organization_fixture("org-policies")

FULL = "p-FullAWSAccess"


def doc(*statements) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def deny(action, **condition) -> dict:
    statement = {"Effect": "Deny", "Action": action, "Resource": "*"}
    if condition:
        statement["Condition"] = condition
    return statement


def scp(org: Org, *statements, name=None) -> str:
    created = org.organizations.create_policy(
        Name=name or unique("scp"), Description="test", Type="SERVICE_CONTROL_POLICY", Content=doc(*statements))
    return created["Policy"]["PolicySummary"]["Id"]


@pytest.fixture(scope="module")
def enabled(org: Org):
    org.organizations.enable_policy_type(RootId=root_id(org), PolicyType="SERVICE_CONTROL_POLICY")
    return org


@pytest.fixture
def member(enabled: Org):
    """A member account in an OU of its own, with an administrator user holding a key."""
    client = enabled.organizations
    unit = client.create_organizational_unit(ParentId=root_id(enabled), Name=unique("ou"))["OrganizationalUnit"]["Id"]
    account = enabled.create_account()
    client.move_account(AccountId=account, SourceParentId=root_id(enabled), DestinationParentId=unit)
    admin = enabled.user_with_key(enabled.member_session(account), tags=[{"Key": "team", "Value": "platform"}])
    return {"account": account, "unit": unit, "admin": admin}


def iam(org: Org, session):
    return org.client(session, "iam")


def test_policy_type_lifecycle(org: Org):
    root = root_id(org)
    with aws_error("PolicyTypeNotEnabledException", 400):
        org.organizations.attach_policy(PolicyId=FULL, TargetId=root)
    updated = org.organizations.enable_policy_type(RootId=root, PolicyType="TAG_POLICY")["Root"]
    assert {"Type": "TAG_POLICY", "Status": "ENABLED"} in updated["PolicyTypes"]
    with aws_error("PolicyTypeAlreadyEnabledException", 400):
        org.organizations.enable_policy_type(RootId=root, PolicyType="TAG_POLICY")
    org.organizations.disable_policy_type(RootId=root, PolicyType="TAG_POLICY")
    with aws_error("PolicyTypeNotEnabledException", 400):
        org.organizations.disable_policy_type(RootId=root, PolicyType="TAG_POLICY")
    with aws_error("RootNotFoundException", 400):
        org.organizations.enable_policy_type(RootId="r-zzzz", PolicyType="TAG_POLICY")


def test_enabling_scps_attaches_full_access_everywhere(enabled: Org, member):
    client = enabled.organizations
    for target in (root_id(enabled), member["unit"], member["account"], ACCOUNT_ID):
        policies = client.list_policies_for_target(TargetId=target, Filter="SERVICE_CONTROL_POLICY")["Policies"]
        assert [p["Id"] for p in policies] == [FULL], target
    full = client.describe_policy(PolicyId=FULL)["Policy"]["PolicySummary"]
    assert full["AwsManaged"] is True and full["Name"] == "FullAWSAccess"
    assert full["Arn"] == "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess"


def test_policy_crud_and_limits(enabled: Org):
    client = enabled.organizations
    name = unique("crud")
    created = client.create_policy(Name=name, Description="d", Type="SERVICE_CONTROL_POLICY",
                                   Content=doc(deny("iam:DeleteRole")))["Policy"]
    policy_id = created["PolicySummary"]["Id"]
    assert POLICY_ID.match(policy_id) and created["PolicySummary"]["AwsManaged"] is False
    with aws_error("DuplicatePolicyException", 400):
        client.create_policy(Name=name, Description="d", Type="SERVICE_CONTROL_POLICY", Content=doc(deny("s3:*")))
    with aws_error("MalformedPolicyDocumentException", 400):
        client.create_policy(Name=unique("bad"), Description="", Type="SERVICE_CONTROL_POLICY",
                             Content='{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Effect":"Allow",'
                                     '"Action":"*","Resource":"*"}]}')
    padded = doc({"Sid": "", "Effect": "Deny", "Action": "iam:DeleteUser", "Resource": "*"})
    exact = padded.replace('"Sid": ""', '"Sid": "' + "S" * (5120 - len(padded)) + '"')
    assert len(exact) == 5120
    client.create_policy(Name=unique("max"), Description="", Type="SERVICE_CONTROL_POLICY", Content=exact)
    with aws_error("ConstraintViolationException", 400) as err:
        client.create_policy(Name=unique("over"), Description="", Type="SERVICE_CONTROL_POLICY",
                             Content=exact.replace('"Sid": "', '"Sid": "S'))
    assert err.response["Reason"] == "POLICY_CONTENT_LIMIT_EXCEEDED"
    updated = client.update_policy(PolicyId=policy_id, Description="new", Content=doc(deny("iam:DeleteGroup")))
    assert "iam:DeleteGroup" in updated["Policy"]["Content"]
    assert updated["Policy"]["PolicySummary"]["Description"] == "new"
    listed = client.list_policies(Filter="SERVICE_CONTROL_POLICY")["Policies"]
    assert {FULL, policy_id} <= {p["Id"] for p in listed}
    with aws_error("InvalidInputException", 400) as err:
        client.update_policy(PolicyId=FULL, Description="mine now")
    assert err.response["Reason"] == "IMMUTABLE_POLICY"
    client.delete_policy(PolicyId=policy_id)
    with aws_error("PolicyNotFoundException", 400):
        client.describe_policy(PolicyId=policy_id)


def test_attachment_rules(enabled: Org):
    client = enabled.organizations
    unit = client.create_organizational_unit(ParentId=root_id(enabled), Name=unique("att"))["OrganizationalUnit"]["Id"]
    extra = [scp(enabled, deny(f"iam:Tag{n}")) for n in ("User", "Role", "Policy", "Group")]
    for policy in extra:  # FullAWSAccess and four more: five, the quota
        client.attach_policy(PolicyId=policy, TargetId=unit)
    fifth = scp(enabled, deny("iam:TagMFADevice"))
    with aws_error("ConstraintViolationException", 400) as err:
        client.attach_policy(PolicyId=fifth, TargetId=unit)
    assert err.response["Reason"] == "MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED"
    with aws_error("DuplicatePolicyAttachmentException", 400):
        client.attach_policy(PolicyId=extra[0], TargetId=unit)
    with aws_error("PolicyInUseException", 400):
        client.delete_policy(PolicyId=extra[0])
    with aws_error("PolicyNotAttachedException", 400):
        client.detach_policy(PolicyId=fifth, TargetId=unit)
    with aws_error("TargetNotFoundException", 400):
        client.attach_policy(PolicyId=fifth, TargetId="ou-abcd-12345678")
    targets = client.list_targets_for_policy(PolicyId=extra[0])["Targets"]
    assert [(t["TargetId"], t["Type"]) for t in targets] == [(unit, "ORGANIZATIONAL_UNIT")]
    for policy in [FULL] + extra[:-1]:
        client.detach_policy(PolicyId=policy, TargetId=unit)
    with aws_error("ConstraintViolationException", 400) as err:
        client.detach_policy(PolicyId=extra[-1], TargetId=unit)
    assert err.response["Reason"] == "MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED"


def test_a_deny_at_the_root_binds_members_but_not_the_management_account(enabled: Org, member):
    policy = scp(enabled, deny("iam:CreateGroup"))
    enabled.organizations.attach_policy(PolicyId=policy, TargetId=root_id(enabled))
    try:
        with aws_error("AccessDenied", 403) as err:
            iam(enabled, member["admin"]).create_group(GroupName=unique("g"))
        assert err.message.endswith("with an explicit deny in a service control policy")
        # The access role's sessions are principals of the member account too.
        with aws_error("AccessDenied", 403):
            iam(enabled, enabled.member_session(member["account"])).create_group(GroupName=unique("g"))
        name = unique("g")
        iam(enabled, enabled.admin).create_group(GroupName=name)
        iam(enabled, enabled.admin).delete_group(GroupName=name)
    finally:
        enabled.organizations.detach_policy(PolicyId=policy, TargetId=root_id(enabled))
    iam(enabled, member["admin"]).create_group(GroupName=unique("g"))


def test_every_level_must_allow(enabled: Org, member):
    client = enabled.organizations
    read_only = scp(enabled, {"Effect": "Allow", "Action": ["iam:Get*", "iam:List*", "sts:*"], "Resource": "*"})
    client.attach_policy(PolicyId=read_only, TargetId=member["unit"])
    client.detach_policy(PolicyId=FULL, TargetId=member["unit"])
    admin = iam(enabled, member["admin"])
    admin.list_users()
    with aws_error("AccessDenied", 403) as err:
        admin.create_user(UserName=unique("u"))
    assert err.message.endswith("because no service control policy allows the iam:CreateUser action")
    # Allowed at the OU but not at the account: the account's own level decides too.
    client.attach_policy(PolicyId=read_only, TargetId=member["account"])
    client.detach_policy(PolicyId=FULL, TargetId=member["account"])
    admin.list_users()
    narrow = scp(enabled, {"Effect": "Allow", "Action": "iam:ListUsers", "Resource": "*"})
    client.attach_policy(PolicyId=narrow, TargetId=member["account"])
    client.detach_policy(PolicyId=read_only, TargetId=member["account"])
    admin.list_users()
    with aws_error("AccessDenied", 403):
        admin.list_groups()


def test_an_account_level_deny(enabled: Org, member):
    policy = scp(enabled, deny("iam:ListRoles"))
    enabled.organizations.attach_policy(PolicyId=policy, TargetId=member["account"])
    with aws_error("AccessDenied", 403):
        iam(enabled, member["admin"]).list_roles()
    iam(enabled, member["admin"]).list_users()


def test_conditions_in_scps(enabled: Org, member):
    organization = enabled.organizations.describe_organization()["Organization"]["Id"]
    policy = scp(
        enabled,
        deny("iam:CreateRole", StringNotEquals={"aws:PrincipalTag/team": "platform"}),
        deny("iam:*", StringNotEquals={"aws:PrincipalOrgID": organization}))
    enabled.organizations.attach_policy(PolicyId=policy, TargetId=member["unit"])
    untagged = enabled.user_with_key(enabled.member_session(member["account"]))
    trust = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{member['account']}:root"}, "Action": "sts:AssumeRole"}]})
    iam(enabled, member["admin"]).create_role(RoleName=unique("r"), AssumeRolePolicyDocument=trust)
    with aws_error("AccessDenied", 403):
        iam(enabled, untagged).create_role(RoleName=unique("r"), AssumeRolePolicyDocument=trust)


def test_a_member_root_user_is_bound(enabled: Org):
    account, root = enabled.standalone_account()
    client = enabled.client(root, "organizations")
    handshake = enabled.organizations.invite_account_to_organization(
        Target={"Id": account, "Type": "ACCOUNT"})["Handshake"]["Id"]
    client.accept_handshake(HandshakeId=handshake)
    root_iam = iam(enabled, root)
    root_iam.list_users()
    policy = scp(enabled, deny("iam:ListUsers"))
    enabled.organizations.attach_policy(PolicyId=policy, TargetId=account)
    with aws_error("AccessDenied", 403) as err:
        root_iam.list_users()
    assert err.message.startswith(f"User: arn:aws:iam::{account}:root is not authorized")
    enabled.organizations.detach_policy(PolicyId=policy, TargetId=account)
    root_iam.list_users()


def test_resource_control_policies_bind_who_reaches_member_roles(enabled: Org, member):
    client = enabled.organizations
    root = root_id(enabled)
    client.enable_policy_type(RootId=root, PolicyType="RESOURCE_CONTROL_POLICY")
    try:
        with aws_error("InvalidInputException", 400):
            client.detach_policy(PolicyId="p-RCPFullAWSAccess", TargetId=member["account"])
        blocked = enabled.user_with_key(enabled.admin, tags=[{"Key": "blocked", "Value": "yes"}])
        rcp = client.create_policy(
            Name=unique("rcp"), Description="", Type="RESOURCE_CONTROL_POLICY",
            Content=json.dumps({"Version": "2012-10-17", "Statement": [{
                "Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole", "Resource": "*",
                "Condition": {"StringEquals": {"aws:PrincipalTag/blocked": "yes"}}}]}))["Policy"]["PolicySummary"]["Id"]
        client.attach_policy(PolicyId=rcp, TargetId=member["unit"])
        with aws_error("AccessDenied", 403):
            enabled.member_session(member["account"], session=blocked)
        enabled.member_session(member["account"])  # the untagged administrator still gets in
        client.detach_policy(PolicyId=rcp, TargetId=member["unit"])
        enabled.member_session(member["account"], session=blocked)
    finally:
        client.disable_policy_type(RootId=root, PolicyType="RESOURCE_CONTROL_POLICY")


def test_the_simulator_sees_the_organization(enabled: Org, member):
    policy = scp(enabled, deny("iam:CreateGroup"))
    enabled.organizations.attach_policy(PolicyId=policy, TargetId=member["account"])
    member_iam = iam(enabled, enabled.member_session(member["account"]))
    user = member_iam.list_users()["Users"][0]["Arn"]
    result = member_iam.simulate_principal_policy(PolicySourceArn=user, ActionNames=["iam:CreateGroup"])
    evaluated = result["EvaluationResults"][0]
    assert evaluated["EvalDecision"] == "explicitDeny"
    assert evaluated["OrganizationsDecisionDetail"]["AllowedByOrganizations"] is False

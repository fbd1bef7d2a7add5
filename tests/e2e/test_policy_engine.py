"""The policy engine decides every request: AWS's force-MFA self-service policy verbatim, the
MFA truth table with long-term keys, sessions without and with MFA, boundaries, session
policies, and trust policies that require MFA. Codes come from pyotp."""

from __future__ import annotations

import json

import pytest

from e2e_helpers import ACCOUNT_ID, ADMIN_POLICY, aws_error, dumps, session_from_credentials, unique, user_arn
from mfa_helpers import code, create_device, enable, wait_for_fresh_step

# AWS: "Allows MFA-authenticated IAM users to manage their own credentials on the Security
# credentials page" (IAM User Guide, reference_policies_examples_aws_my-sec-creds-self-manage).
FORCE_MFA = {
    "Version": "2012-10-17",
    "Statement": [
        {"Sid": "AllowViewAccountInfo", "Effect": "Allow",
         "Action": ["iam:GetAccountPasswordPolicy", "iam:ListVirtualMFADevices"], "Resource": "*"},
        {"Sid": "AllowManageOwnPasswords", "Effect": "Allow",
         "Action": ["iam:ChangePassword", "iam:GetUser"], "Resource": "arn:aws:iam::*:user/${aws:username}"},
        {"Sid": "AllowManageOwnAccessKeys", "Effect": "Allow",
         "Action": ["iam:CreateAccessKey", "iam:DeleteAccessKey", "iam:ListAccessKeys", "iam:UpdateAccessKey"],
         "Resource": "arn:aws:iam::*:user/${aws:username}"},
        {"Sid": "AllowManageOwnSigningCertificates", "Effect": "Allow",
         "Action": ["iam:DeleteSigningCertificate", "iam:ListSigningCertificates", "iam:UpdateSigningCertificate",
                    "iam:UploadSigningCertificate"],
         "Resource": "arn:aws:iam::*:user/${aws:username}"},
        {"Sid": "AllowManageOwnSSHPublicKeys", "Effect": "Allow",
         "Action": ["iam:DeleteSSHPublicKey", "iam:GetSSHPublicKey", "iam:ListSSHPublicKeys", "iam:UpdateSSHPublicKey",
                    "iam:UploadSSHPublicKey"],
         "Resource": "arn:aws:iam::*:user/${aws:username}"},
        {"Sid": "AllowManageOwnGitCredentials", "Effect": "Allow",
         "Action": ["iam:CreateServiceSpecificCredential", "iam:DeleteServiceSpecificCredential",
                    "iam:ListServiceSpecificCredentials", "iam:ResetServiceSpecificCredential",
                    "iam:UpdateServiceSpecificCredential"],
         "Resource": "arn:aws:iam::*:user/${aws:username}"},
        {"Sid": "AllowManageOwnVirtualMFADevice", "Effect": "Allow",
         "Action": ["iam:CreateVirtualMFADevice"], "Resource": "arn:aws:iam::*:mfa/*"},
        {"Sid": "AllowManageOwnUserMFA", "Effect": "Allow",
         "Action": ["iam:DeactivateMFADevice", "iam:EnableMFADevice", "iam:ListMFADevices", "iam:ResyncMFADevice"],
         "Resource": "arn:aws:iam::*:user/${aws:username}"},
        {"Sid": "DenyAllExceptListedIfNoMFA", "Effect": "Deny",
         "NotAction": ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetUser", "iam:ListMFADevices",
                       "iam:ListVirtualMFADevices", "iam:ResyncMFADevice", "sts:GetSessionToken"],
         "Resource": "*",
         "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}},
    ],
}

DENY_WITHOUT_MFA = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*",
                   "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}],
}


@pytest.fixture(autouse=True)
def _fresh_step():
    wait_for_fresh_step()


def attach_inline(iam, user, doc, name="p"):
    iam.put_user_policy(UserName=user, PolicyName=name, PolicyDocument=dumps(doc))


def test_force_mfa_policy_walkthrough(iam, make_user, connect):
    """A user under AWS's force-MFA policy enrolls a device with long-term keys, then works
    only through an MFA session."""
    name, session = make_user()
    attach_inline(iam, name, FORCE_MFA)
    own = connect(session, "iam")
    # Without MFA: what the NotAction list leaves open works …
    assert own.get_user()["User"]["UserName"] == name
    device_name = unique("own")
    device = own.create_virtual_mfa_device(VirtualMFADeviceName=device_name)["VirtualMFADevice"]
    seed = device["Base32StringSeed"].decode()
    enable(own, name, device["SerialNumber"], seed, first_offset=-2)
    assert len(own.list_mfa_devices(UserName=name)["MFADevices"]) == 1
    # … and the rest is denied, explicitly.
    with aws_error("AccessDenied", 403, "with an explicit deny in an identity-based policy"):
        own.list_access_keys(UserName=name)
    with aws_error("AccessDenied", 403):
        own.deactivate_mfa_device(UserName=name, SerialNumber=device["SerialNumber"])
    # With an MFA session the same calls succeed.
    creds = connect(session, "sts").get_session_token(SerialNumber=device["SerialNumber"],
                                                       TokenCode=code(seed, 0))["Credentials"]
    mfa = connect(session_from_credentials(creds), "iam")
    mfa.list_access_keys(UserName=name)
    # Still only their own: another user's keys are not theirs to list.
    other, _ = make_user(with_key=False)
    with aws_error("AccessDenied", 403, "no identity-based policy allows"):
        mfa.list_access_keys(UserName=other)


def test_deny_boolifexists_blocks_long_term_keys_but_not_mfa_sessions(iam, make_user, connect):
    name, session = make_user(policy_arns=[ADMIN_POLICY])
    attach_inline(iam, name, DENY_WITHOUT_MFA, "deny-no-mfa")
    serial, seed = create_device(iam, unique("tt"))
    enable(iam, name, serial, seed, first_offset=-2)
    # Long-term keys carry no aws:MultiFactorAuthPresent: BoolIfExists matches, the deny applies.
    with aws_error("AccessDenied", 403, "with an explicit deny in an identity-based policy"):
        connect(session, "iam").list_users(MaxItems=1)
    creds = connect(session, "sts").get_session_token(SerialNumber=serial, TokenCode=code(seed, 0))["Credentials"]
    connect(session_from_credentials(creds), "iam").list_users(MaxItems=1)


def test_deny_bool_without_ifexists_lets_long_term_keys_through(iam, make_user, connect):
    """The "not recommended" form: Bool instead of BoolIfExists misses long-term keys."""
    name, session = make_user(policy_arns=[ADMIN_POLICY])
    attach_inline(iam, name, {"Version": "2012-10-17", "Statement": [{
        "Effect": "Deny", "Action": "*", "Resource": "*",
        "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}]})
    connect(session, "iam").list_users(MaxItems=1)


def _admin_role(iam):
    name = unique("role")
    doc = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT_ID}:root"},
                                                   "Action": "sts:AssumeRole"}]}
    role = iam.create_role(RoleName=name, AssumeRolePolicyDocument=dumps(doc))["Role"]
    iam.attach_role_policy(RoleName=name, PolicyArn=ADMIN_POLICY)
    iam.put_role_policy(RoleName=name, PolicyName="deny-no-mfa", PolicyDocument=dumps(DENY_WITHOUT_MFA))
    return name, role["Arn"]


def test_role_session_without_and_with_mfa(iam, make_user, connect):
    name, session = make_user(policy_arns=[ADMIN_POLICY])
    serial, seed = create_device(iam, unique("rs"))
    enable(iam, name, serial, seed, first_offset=-2)
    _, role_arn = _admin_role(iam)
    sts = connect(session, "sts")
    plain = sts.assume_role(RoleArn=role_arn, RoleSessionName="plain")["Credentials"]
    with aws_error("AccessDenied", 403, "explicit deny"):
        connect(session_from_credentials(plain), "iam").list_users(MaxItems=1)
    mfa = sts.assume_role(RoleArn=role_arn, RoleSessionName="mfa", SerialNumber=serial,
                          TokenCode=code(seed, 0))["Credentials"]
    connect(session_from_credentials(mfa), "iam").list_users(MaxItems=1)


def test_trust_policy_requiring_mfa(iam, make_user, connect):
    name, session = make_user(policy_arns=[ADMIN_POLICY])
    serial, seed = create_device(iam, unique("trust"))
    enable(iam, name, serial, seed, first_offset=-2)
    role = unique("role")
    trust = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": user_arn(name)}, "Action": "sts:AssumeRole",
        "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]}
    arn = iam.create_role(RoleName=role, AssumeRolePolicyDocument=dumps(trust))["Role"]["Arn"]
    sts = connect(session, "sts")
    with aws_error("AccessDenied", 403, "sts:AssumeRole"):
        sts.assume_role(RoleArn=arn, RoleSessionName="nomfa")
    creds = sts.assume_role(RoleArn=arn, RoleSessionName="mfa", SerialNumber=serial,
                            TokenCode=code(seed, 0))["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA")


def test_mfa_age_limits_what_an_old_session_may_do(iam, make_user, connect, clock):
    name, session = make_user()
    attach_inline(iam, name, {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": "iam:ListUsers", "Resource": "*",
        "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": "300"}}}]})
    serial, seed = create_device(iam, unique("age"))
    enable(iam, name, serial, seed, first_offset=-2)
    creds = connect(session, "sts").get_session_token(SerialNumber=serial, TokenCode=code(seed, 0))["Credentials"]
    client = connect(session_from_credentials(creds), "iam")
    client.list_users(MaxItems=1)
    clock.set(400)  # inside the 15-minute signing window
    with aws_error("AccessDenied", 403, "no identity-based policy allows"):
        client.list_users(MaxItems=1)


def test_permissions_boundary_limits_administrator_access(iam, make_user, connect, make_policy):
    boundary = make_policy({"Version": "2012-10-17",
                            "Statement": [{"Effect": "Allow", "Action": "iam:List*", "Resource": "*"}]})
    name, session = make_user(policy_arns=[ADMIN_POLICY])
    iam.put_user_permissions_boundary(UserName=name, PermissionsBoundary=boundary)
    client = connect(session, "iam")
    client.list_users(MaxItems=1)
    with aws_error("AccessDenied", 403, "because no permissions boundary allows the iam:CreateUser action"):
        client.create_user(UserName=unique("user"))


def test_session_policy_narrows_a_role_session(iam, make_user, connect):
    _, session = make_user(policy_arns=[ADMIN_POLICY])
    role = unique("role")
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                                                    "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT_ID}:root"},
                                                    "Action": "sts:AssumeRole"}]}
    arn = iam.create_role(RoleName=role, AssumeRolePolicyDocument=dumps(trust))["Role"]["Arn"]
    iam.attach_role_policy(RoleName=role, PolicyArn=ADMIN_POLICY)
    only_list = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:ListRoles",
                                                        "Resource": "*"}]}
    creds = connect(session, "sts").assume_role(RoleArn=arn, RoleSessionName="narrow",
                                                Policy=json.dumps(only_list))["Credentials"]
    client = connect(session_from_credentials(creds), "iam")
    client.list_roles(MaxItems=1)
    with aws_error("AccessDenied", 403, "because no session policy allows the iam:ListUsers action"):
        client.list_users(MaxItems=1)


def test_trust_naming_the_account_needs_the_callers_own_permission(iam, make_user, connect):
    _, session = make_user()  # no policies at all
    role = unique("role")
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                                                    "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT_ID}:root"},
                                                    "Action": "sts:AssumeRole"}]}
    arn = iam.create_role(RoleName=role, AssumeRolePolicyDocument=dumps(trust))["Role"]["Arn"]
    with aws_error("AccessDenied", 403):
        connect(session, "sts").assume_role(RoleArn=arn, RoleSessionName="x1")


def test_tag_conditions(iam, make_user, connect):
    name, session = make_user()
    iam.tag_user(UserName=name, Tags=[{"Key": "team", "Value": "blue"}])
    attach_inline(iam, name, {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": "iam:TagUser", "Resource": "*",
        "Condition": {"StringEquals": {"aws:RequestTag/team": "${aws:PrincipalTag/team}"},
                      "ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}}}]})
    target, _ = make_user(with_key=False)
    client = connect(session, "iam")
    client.tag_user(UserName=target, Tags=[{"Key": "team", "Value": "blue"}])
    with aws_error("AccessDenied", 403):
        client.tag_user(UserName=target, Tags=[{"Key": "team", "Value": "red"}])
    with aws_error("AccessDenied", 403):
        client.tag_user(UserName=target, Tags=[{"Key": "cost", "Value": "1"}])


def test_source_ip_condition(iam, make_user, connect):
    name, session = make_user()
    attach_inline(iam, name, {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "iam:ListUsers", "Resource": "*",
         "Condition": {"IpAddress": {"aws:SourceIp": "127.0.0.0/8"}}},
        {"Effect": "Allow", "Action": "iam:ListRoles", "Resource": "*",
         "Condition": {"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "2001:db8::/32"]}}}]})
    client = connect(session, "iam")
    client.list_users(MaxItems=1)
    with aws_error("AccessDenied", 403):
        client.list_roles(MaxItems=1)


@pytest.mark.parametrize("operator", ["StringEqualz", "NullIfExists"])
def test_conditions_the_engine_cannot_evaluate_are_refused_on_write(iam, make_user, operator):
    name, _ = make_user(with_key=False)
    doc = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:ListUsers", "Resource": "*",
                                                  "Condition": {operator: {"aws:username": "x"}}}]}
    with aws_error("MalformedPolicyDocument", 400):
        iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=dumps(doc))

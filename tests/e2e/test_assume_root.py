"""Centralized root access for member accounts: IAM's organization features (Enable/Disable
OrganizationsRootCredentialsManagement and …RootSessions, ListOrganizationsFeatures) and STS AssumeRoot,
whose short sessions act as a member's root user within one of the five root-task policies.

The server is the module's own; its operator account is the organization's management account. Every
test turns the features on first (they are organization-wide) and puts back what it turns off.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re

import pytest

from e2e_helpers import (
    ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_SECRET, AwsCliError, aws_error, cli_env, dumps, make_session, run_cli,
    run_rampart, session_from_credentials, unique,
)
from console_helpers import ConsoleClient, add_authenticator
from mfa_helpers import code, wait_for_fresh_step
from org_helpers import Org, organization_fixture, root_id

org = organization_fixture("org-root-access")

TASK = "arn:aws:iam::aws:policy/root-task/"
AUDIT = TASK + "IAMAuditRootUserCredentials"
CREATE_PASSWORD = TASK + "IAMCreateRootUserPassword"
DELETE_CREDENTIALS = TASK + "IAMDeleteRootUserCredentials"
S3_UNLOCK = TASK + "S3UnlockBucketPolicy"
SQS_UNLOCK = TASK + "SQSUnlockQueuePolicy"
ALL_TASKS = [AUDIT, CREATE_PASSWORD, DELETE_CREDENTIALS, S3_UNLOCK, SQS_UNLOCK]
IAM_PRINCIPAL = "iam.amazonaws.com"
ROOT_PASSWORD = "Member-Root-Passw0rd!"
INCORRECT = "Your authentication information is incorrect. Please try again."


def enable_root_access(org: Org) -> None:
    org.organizations.enable_aws_service_access(ServicePrincipal=IAM_PRINCIPAL)
    iam = org.client(org.admin, "iam")
    iam.enable_organizations_root_credentials_management()
    iam.enable_organizations_root_sessions()


def assume_root(org: Org, account: str, task: str, session=None, **extra) -> dict:
    return org.client(session or org.admin, "sts").assume_root(
        TargetPrincipal=account, TaskPolicyArn={"arn": task}, **extra)["Credentials"]


def root_session(org: Org, account: str, task: str, session=None):
    return session_from_credentials(assume_root(org, account, task, session))


def member_with_root_credentials(org: Org) -> tuple[str, str, object]:
    """A standalone account whose root has a password and an access key, invited into the organization:
    (account id, root email, the root's long-term session)."""
    email = f"{unique('root')}@example.com"
    out = run_rampart("admin", "create-account", "--endpoint", org.server.endpoint, "--data", org.server.data_dir,
                      "--email", email, "--root-password", ROOT_PASSWORD, "--root-access-key").stdout
    account = re.search(r"Created account (\d{12})", out).group(1)
    root = make_session(re.search(r"Root access key: (\S+)", out).group(1),
                        re.search(r"Root secret access key: (\S+)", out).group(1))
    handshake = org.organizations.invite_account_to_organization(
        Target={"Id": account, "Type": "ACCOUNT"})["Handshake"]
    org.client(root, "organizations").accept_handshake(HandshakeId=handshake["Id"])
    return account, email, root


def enroll_root_authenticator(org: Org, email: str, password: str) -> str:
    """Root signs in to the console (taking "Set up MFA now" if asked) and adds an authenticator app; its
    serial."""
    client = ConsoleClient(org.server.endpoint)
    if client.sign_in_root(email, password).url.endswith("/console/enroll"):
        client.post("/console/enroll", {"action": "setup"})
    return add_authenticator(client, unique("root-app"))[0]


def recover_root_password(org: Org, email: str, password: str):
    return run_rampart("admin", "recover-root-password", "--endpoint", org.server.endpoint, "--data",
                       org.server.data_dir, "--email", email, "--password", password, check=False)


def user_allowed(org: Org, statement: dict):
    """A management-account user whose only policy is `statement`."""
    iam = org.client(org.admin, "iam")
    name = unique("ops")
    iam.create_user(UserName=name)
    iam.put_user_policy(UserName=name, PolicyName="root-access",
                        PolicyDocument=dumps({"Version": "2012-10-17", "Statement": [statement]}))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return make_session(key["AccessKeyId"], key["SecretAccessKey"])


# ---------------------------------------------------------------------------
# The features
# ---------------------------------------------------------------------------
def test_the_features_need_trusted_access_and_are_listed_in_order(org: Org):
    iam = org.client(org.admin, "iam")
    enable_root_access(org)
    org.organizations.disable_aws_service_access(ServicePrincipal=IAM_PRINCIPAL)
    try:
        with aws_error("ServiceAccessNotEnabledException", 400):
            iam.list_organizations_features()
        with aws_error("ServiceAccessNotEnabledException", 400):
            iam.enable_organizations_root_sessions()
    finally:
        org.organizations.enable_aws_service_access(ServicePrincipal=IAM_PRINCIPAL)
    organization = org.organizations.describe_organization()["Organization"]["Id"]
    try:
        off = iam.disable_organizations_root_credentials_management()
        assert off["OrganizationId"] == organization and off["EnabledFeatures"] == ["RootSessions"]
        assert iam.disable_organizations_root_sessions()["EnabledFeatures"] == []
        assert iam.list_organizations_features()["EnabledFeatures"] == []
        assert iam.enable_organizations_root_sessions()["EnabledFeatures"] == ["RootSessions"]
        both = iam.enable_organizations_root_credentials_management()
        assert both["EnabledFeatures"] == ["RootCredentialsManagement", "RootSessions"]
        assert iam.enable_organizations_root_sessions()["EnabledFeatures"] == both["EnabledFeatures"]
    finally:
        enable_root_access(org)
    listed = iam.list_organizations_features()
    assert listed == {**listed, "OrganizationId": organization,
                      "EnabledFeatures": ["RootCredentialsManagement", "RootSessions"]}


def test_who_may_manage_the_features(org: Org):
    enable_root_access(org)
    member = org.create_account()
    member_iam = org.client(org.member_session(member), "iam")
    with aws_error("AccountNotManagementOrDelegatedAdministratorException", 400):
        member_iam.list_organizations_features()
    with aws_error("AccountNotManagementOrDelegatedAdministratorException", 400):
        member_iam.enable_organizations_root_sessions()
    # IAM's delegated administrator may list and disable, but only the management account enables.
    org.organizations.register_delegated_administrator(AccountId=member, ServicePrincipal=IAM_PRINCIPAL)
    try:
        assert member_iam.list_organizations_features()["EnabledFeatures"] == [
            "RootCredentialsManagement", "RootSessions"]
        with aws_error("CallerIsNotManagementAccountException", 400):
            member_iam.enable_organizations_root_sessions()
    finally:
        org.organizations.deregister_delegated_administrator(AccountId=member, ServicePrincipal=IAM_PRINCIPAL)

    _, standalone = org.standalone_account()
    with aws_error("OrganizationNotFoundException", 400):
        org.client(standalone, "iam").list_organizations_features()
    org.client(standalone, "organizations").create_organization(FeatureSet="CONSOLIDATED_BILLING")
    with aws_error("OrganizationNotInAllFeaturesModeException", 400):
        org.client(standalone, "iam").enable_organizations_root_sessions()


def test_the_root_task_policies_are_aws_managed_and_not_attachable(org: Org):
    iam = org.client(org.admin, "iam")
    for arn in ALL_TASKS:
        policy = iam.get_policy(PolicyArn=arn)["Policy"]
        assert policy["Path"] == "/root-task/" and policy["IsAttachable"] is False
    document = iam.get_policy_version(PolicyArn=AUDIT, VersionId="v1")["PolicyVersion"]["Document"]
    assert "iam:GetAccountSummary" in document["Statement"][0]["NotAction"]
    name = unique("u")
    iam.create_user(UserName=name)
    with aws_error("PolicyNotAttachable", 400):
        iam.attach_user_policy(UserName=name, PolicyArn=AUDIT)


# ---------------------------------------------------------------------------
# AssumeRoot
# ---------------------------------------------------------------------------
def test_an_audit_session_reads_the_members_root_credentials_and_nothing_more(org: Org):
    enable_root_access(org)
    member = org.create_account()
    creds = assume_root(org, member, AUDIT)
    assert creds["AccessKeyId"].startswith("ASIA")
    session = session_from_credentials(creds)
    identity = org.client(session, "sts").get_caller_identity()
    assert identity["Arn"] == f"arn:aws:iam::{member}:root" and identity["Account"] == member
    iam = org.client(session, "iam")
    summary = iam.get_account_summary()["SummaryMap"]
    assert summary["AccountPasswordPresent"] == 0 and summary["AccountAccessKeysPresent"] == 0
    assert summary["AccountMFAEnabled"] == 0
    assert iam.list_access_keys()["AccessKeyMetadata"] == []
    assert iam.list_mfa_devices()["MFADevices"] == []
    assert iam.get_user()["User"]["Arn"] == f"arn:aws:iam::{member}:root"
    # Created while RootCredentialsManagement was on: its root has no login profile.
    with aws_error("NoSuchEntity", 404):
        iam.get_login_profile()
    with aws_error("AccessDenied", 403, "explicit deny in a session policy"):
        iam.delete_login_profile()
    with aws_error("AccessDenied", 403):
        iam.create_user(UserName=unique("nope"))
    with aws_error("AccessDenied", 403):
        iam.list_users()
    # Acting on a user rather than the root is denied too.
    with aws_error("AccessDenied", 403):
        iam.list_access_keys(UserName="OrganizationAccountAccessRole")
    with aws_error("AccessDenied", 403):
        org.client(session, "sts").assume_role(RoleArn=f"arn:aws:iam::{member}:role/OrganizationAccountAccessRole",
                                               RoleSessionName="nope")


def test_each_task_policy_allows_its_task_and_refuses_the_rest(org: Org):
    enable_root_access(org)
    member = org.create_account()
    create = org.client(root_session(org, member, CREATE_PASSWORD), "iam")
    with aws_error("AccessDenied", 403):
        create.get_account_summary()
    with aws_error("AccessDenied", 403):
        create.list_access_keys()
    delete = org.client(root_session(org, member, DELETE_CREDENTIALS), "iam")
    assert delete.list_access_keys()["AccessKeyMetadata"] == []
    with aws_error("AccessDenied", 403):
        delete.get_account_summary()
    with aws_error("AccessDenied", 403):
        delete.create_login_profile()
    for task in (S3_UNLOCK, SQS_UNLOCK):
        session = root_session(org, member, task)
        assert org.client(session, "sts").get_caller_identity()["Arn"] == f"arn:aws:iam::{member}:root"
        with aws_error("AccessDenied", 403):
            org.client(session, "iam").get_account_summary()
        with aws_error("AccessDenied", 403):
            org.client(session, "iam").get_user()


def test_duration_is_at_most_nine_hundred_seconds(org: Org):
    enable_root_access(org)
    member = org.create_account()
    before = dt.datetime.now(dt.timezone.utc)
    creds = assume_root(org, member, AUDIT, DurationSeconds=900)
    lasts = (creds["Expiration"] - before).total_seconds()
    assert 890 <= lasts <= 910
    default = assume_root(org, member, AUDIT)
    assert abs((default["Expiration"] - creds["Expiration"]).total_seconds()) < 10
    with aws_error("ValidationError", 400, "Member must have value less than or equal to 900"):
        assume_root(org, member, AUDIT, DurationSeconds=901)


def test_callers_and_targets_that_may_not(org: Org):
    enable_root_access(org)
    member = org.create_account()
    # A member account's principals, however privileged in their own account.
    with aws_error("AccessDenied", 403, "neither the management account nor a delegated administrator"):
        assume_root(org, member, AUDIT, session=org.member_session(member))
    # A standalone account's root and users.
    _, standalone = org.standalone_account()
    with aws_error("AccessDenied", 403, "root user credentials cannot call AssumeRoot"):
        assume_root(org, member, AUDIT, session=standalone)
    with aws_error("AccessDenied", 403, "not a member of an organization"):
        assume_root(org, member, AUDIT, session=org.user_with_key(standalone))
    # A management-account user without sts:AssumeRoot.
    reader = org.user_with_key(org.admin, policy_arn="arn:aws:iam::aws:policy/ReadOnlyAccess")
    with aws_error("AccessDenied", 403, "because no identity-based policy allows the sts:AssumeRoot action"):
        assume_root(org, member, AUDIT, session=reader)
    # The management account, an account outside, and policies that are not root-task policies.
    with aws_error("AccessDenied", 403, "management account"):
        assume_root(org, ACCOUNT_ID, AUDIT)
    outsider, _ = org.standalone_account()
    with aws_error("AccessDenied", 403, "not a member of the organization"):
        assume_root(org, outsider, AUDIT)
    with aws_error("ValidationError", 400):
        assume_root(org, member, "arn:aws:iam::aws:policy/AdministratorAccess")
    # RootSessions off, then IAM's trusted access off.
    iam = org.client(org.admin, "iam")
    iam.disable_organizations_root_sessions()
    try:
        with aws_error("AccessDenied", 403, "RootSessions"):
            assume_root(org, member, AUDIT)
    finally:
        iam.enable_organizations_root_sessions()
    org.organizations.disable_aws_service_access(ServicePrincipal=IAM_PRINCIPAL)
    try:
        with aws_error("AccessDenied", 403, "trusted access"):
            assume_root(org, member, AUDIT)
    finally:
        org.organizations.enable_aws_service_access(ServicePrincipal=IAM_PRINCIPAL)
    assume_root(org, member, AUDIT)


def test_sts_task_policy_arn_narrows_what_a_caller_may_open(org: Org):
    enable_root_access(org)
    member = org.create_account()
    auditor = user_allowed(org, {
        "Effect": "Allow", "Action": "sts:AssumeRoot", "Resource": "arn:aws:iam::*:root",
        "Condition": {"StringEquals": {"sts:TaskPolicyArn": AUDIT}}})
    assume_root(org, member, AUDIT, session=auditor)
    assume_root(org, f"arn:aws:iam::{member}:root", AUDIT, session=auditor)
    with aws_error("AccessDenied", 403, "sts:AssumeRoot"):
        assume_root(org, member, DELETE_CREDENTIALS, session=auditor)
    # Resource narrows the target.
    one_member = user_allowed(org, {"Effect": "Allow", "Action": "sts:AssumeRoot",
                                    "Resource": f"arn:aws:iam::{member}:root"})
    assume_root(org, member, AUDIT, session=one_member)
    other = org.create_account()
    with aws_error("AccessDenied", 403):
        assume_root(org, other, AUDIT, session=one_member)


def test_root_sessions_carry_aws_assumed_root_and_scps_still_bind_them(org: Org):
    enable_root_access(org)
    member = org.create_account()
    client = org.organizations
    root = root_id(org)
    if "SERVICE_CONTROL_POLICY" not in [t["Type"] for t in client.list_roots()["Roots"][0]["PolicyTypes"]]:
        client.enable_policy_type(RootId=root, PolicyType="SERVICE_CONTROL_POLICY")

    def scp(condition: dict) -> str:
        content = {"Version": "2012-10-17", "Statement": [
            {"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": condition}]}
        return client.create_policy(Name=unique("deny-root"), Description="", Type="SERVICE_CONTROL_POLICY",
                                    Content=json.dumps(content))["Policy"]["PolicySummary"]["Id"]

    deny_root = scp({"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"}})
    client.attach_policy(PolicyId=deny_root, TargetId=member)
    iam = org.client(root_session(org, member, AUDIT), "iam")
    with aws_error("AccessDenied", 403, "service control policy"):
        iam.get_account_summary()
    client.detach_policy(PolicyId=deny_root, TargetId=member)
    exempt = scp({"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"}, "Null": {"aws:AssumedRoot": "true"}})
    client.attach_policy(PolicyId=exempt, TargetId=member)
    try:
        assert iam.get_account_summary()["SummaryMap"]["AccountPasswordPresent"] == 0
    finally:
        client.detach_policy(PolicyId=exempt, TargetId=member)


# ---------------------------------------------------------------------------
# The member's root credentials
# ---------------------------------------------------------------------------
def test_delete_a_members_root_credentials_then_allow_password_recovery(org: Org):
    enable_root_access(org)
    member, email, root = member_with_root_credentials(org)
    serial = enroll_root_authenticator(org, email, ROOT_PASSWORD)
    audit = org.client(root_session(org, member, AUDIT), "iam")
    summary = audit.get_account_summary()["SummaryMap"]
    assert (summary["AccountPasswordPresent"], summary["AccountAccessKeysPresent"], summary["AccountMFAEnabled"]) \
        == (1, 1, 1)
    assert audit.get_login_profile()["LoginProfile"]["UserName"] == member

    delete = org.client(root_session(org, member, DELETE_CREDENTIALS), "iam")
    keys = delete.list_access_keys()["AccessKeyMetadata"]
    assert len(keys) == 1
    for key in keys:
        delete.delete_access_key(AccessKeyId=key["AccessKeyId"])
    assert [d["SerialNumber"] for d in delete.list_mfa_devices()["MFADevices"]] == [serial]
    delete.deactivate_mfa_device(SerialNumber=serial)
    delete.delete_login_profile()
    with aws_error("NoSuchEntity", 404):
        delete.delete_login_profile()

    # Root can no longer sign in, call the API or recover its password.
    with aws_error("InvalidClientTokenId", 403):
        org.client(root, "sts").get_caller_identity()
    assert ConsoleClient(org.server.endpoint).sign_in_root(email, ROOT_PASSWORD).message == INCORRECT
    summary = audit.get_account_summary()["SummaryMap"]
    assert (summary["AccountPasswordPresent"], summary["AccountAccessKeysPresent"], summary["AccountMFAEnabled"]) \
        == (0, 0, 0)
    refused = recover_root_password(org, email, "Recovered-Passw0rd!")
    assert refused.returncode != 0 and "Password recovery is turned off" in refused.stderr + refused.stdout

    # An IAMCreateRootUserPassword session allows recovery again; the root then sets a new password.
    create = org.client(root_session(org, member, CREATE_PASSWORD), "iam")
    with aws_error("ValidationError", 400, "Password must be omitted"):
        create.create_login_profile(Password="Chosen-Passw0rd!")
    profile = create.create_login_profile()["LoginProfile"]
    assert profile["UserName"] == member and "CreateDate" in profile
    with aws_error("EntityAlreadyExists", 409):
        create.create_login_profile()
    assert create.get_login_profile()["LoginProfile"]["UserName"] == member
    recovered = recover_root_password(org, email, "Recovered-Passw0rd!")
    assert recovered.returncode == 0, recovered.stderr
    assert audit.get_account_summary()["SummaryMap"]["AccountPasswordPresent"] == 1
    # The old password is gone; root signs in with the new one (its old device gone too, no code asked).
    assert ConsoleClient(org.server.endpoint).sign_in_root(email, ROOT_PASSWORD).message == INCORRECT
    signed_in = ConsoleClient(org.server.endpoint).sign_in_root(email, "Recovered-Passw0rd!")
    assert signed_in.message is None and not signed_in.url.endswith(("/console/signin", "/console/mfa"))


def test_accounts_created_under_root_credentials_management_have_no_root_credentials(org: Org):
    enable_root_access(org)
    iam = org.client(org.admin, "iam")
    without = org.create_account()
    with aws_error("NoSuchEntity", 404):
        org.client(root_session(org, without, AUDIT), "iam").get_login_profile()
    email = org.organizations.describe_account(AccountId=without)["Account"]["Email"]
    assert recover_root_password(org, email, "Recovered-Passw0rd!").returncode != 0

    iam.disable_organizations_root_credentials_management()
    try:
        usual = org.create_account()
    finally:
        iam.enable_organizations_root_credentials_management()
    # Without the feature a new member's root has no password yet, but may recover one.
    audit = org.client(root_session(org, usual, AUDIT), "iam")
    assert audit.get_login_profile()["LoginProfile"]["UserName"] == usual
    assert audit.get_account_summary()["SummaryMap"]["AccountPasswordPresent"] == 0
    email = org.organizations.describe_account(AccountId=usual)["Account"]["Email"]
    assert recover_root_password(org, email, "Recovered-Passw0rd!").returncode == 0


# ---------------------------------------------------------------------------
# The AWS CLI
# ---------------------------------------------------------------------------
def test_the_aws_cli(org: Org, tmp_path):
    enable_root_access(org)
    member = org.create_account()
    env = cli_env(tmp_path, {"AWS_ACCESS_KEY_ID": ADMIN_KEY_ID, "AWS_SECRET_ACCESS_KEY": ADMIN_SECRET})

    def aws(*args, env=env):
        full = [*args, "--endpoint-url", org.server.endpoint, "--output", "json"]
        proc = run_cli(full, env)
        if proc.returncode != 0:
            raise AwsCliError(full, proc.returncode, proc.stdout, proc.stderr)
        return json.loads(proc.stdout)

    features = aws("iam", "list-organizations-features")
    assert features["EnabledFeatures"] == ["RootCredentialsManagement", "RootSessions"]
    assumed = aws("sts", "assume-root", "--target-principal", member, "--task-policy-arn", f"arn={AUDIT}",
                  "--duration-seconds", "900")
    creds = assumed["Credentials"]
    root_env = cli_env(tmp_path, {"AWS_ACCESS_KEY_ID": creds["AccessKeyId"],
                                  "AWS_SECRET_ACCESS_KEY": creds["SecretAccessKey"],
                                  "AWS_SESSION_TOKEN": creds["SessionToken"]})
    assert aws("sts", "get-caller-identity", env=root_env)["Arn"] == f"arn:aws:iam::{member}:root"
    assert aws("iam", "get-account-summary", env=root_env)["SummaryMap"]["AccountAccessKeysPresent"] == 0
    with pytest.raises(AwsCliError) as refused:
        aws("iam", "delete-login-profile", env=root_env)
    assert "AccessDenied" in refused.value.stderr

"""Partitions: an account belongs to one (`rampart init --partition`), its credentials work only in
that partition's regions, and GovCloud and China accounts have no root user."""

from __future__ import annotations

import json

import pytest

from console_helpers import ConsoleClient
from e2e_helpers import (
    ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_SECRET, BOTO_CONFIG, RampartServer, allow_doc, aws_error, dumps, make_session,
    run_rampart, trust_doc, unique,
)
from mfa_helpers import enable


@pytest.fixture(scope="module")
def govcloud(tmp_path_factory):
    base = tmp_path_factory.mktemp("govcloud")
    data = base / "data"
    out = run_rampart("init", "--data", data, "--account-id", ACCOUNT_ID, "--admin-access-key-id", ADMIN_KEY_ID,
                      "--admin-secret-access-key", ADMIN_SECRET, "--root-email", "gov@example.com",
                      "--partition", "aws-us-gov").stdout
    server = RampartServer(data, base / "server.log", allow_clock_control=False).start()
    yield server, out
    server.stop()


def client(server, service: str, region: str):
    return make_session(ADMIN_KEY_ID, ADMIN_SECRET).client(
        service, endpoint_url=server.endpoint, region_name=region, config=BOTO_CONFIG)


def test_a_govcloud_account_answers_in_govcloud_regions_only(govcloud):
    server, _ = govcloud
    assert client(server, "sts", "us-gov-west-1").get_caller_identity()["Account"] == ACCOUNT_ID
    client(server, "iam", "us-gov-east-1").list_users()
    with aws_error("InvalidClientTokenId", 403):
        client(server, "sts", "us-east-1").get_caller_identity()


def test_a_commercial_account_is_unknown_in_govcloud(rampart_server):
    sts = make_session(ADMIN_KEY_ID, ADMIN_SECRET).client(
        "sts", endpoint_url=rampart_server.endpoint, region_name="us-gov-west-1", config=BOTO_CONFIG)
    with aws_error("InvalidClientTokenId", 403):
        sts.get_caller_identity()
    cn = make_session(ADMIN_KEY_ID, ADMIN_SECRET).client(
        "sts", endpoint_url=rampart_server.endpoint, region_name="cn-north-1", config=BOTO_CONFIG)
    with aws_error("InvalidClientTokenId", 403):
        cn.get_caller_identity()


def test_govcloud_has_no_root_user(govcloud):
    server, out = govcloud
    assert "no root user" in out and "Root password" not in out
    reply = ConsoleClient(server.endpoint).sign_in_root("gov@example.com", "anything-at-all-1")
    assert "aws-us-gov partition have no root user" in (reply.message or ""), reply.text


def test_a_root_password_for_govcloud_is_refused(tmp_path):
    refused = run_rampart("init", "--data", tmp_path / "data", "--partition", "aws-cn", "--root-password",
                          "Some-Passw0rd-123", check=False)
    assert refused.returncode != 0 and "no root user credentials" in (refused.stderr + refused.stdout)
    unknown = run_rampart("init", "--data", tmp_path / "other", "--partition", "aws-moon", check=False)
    assert unknown.returncode != 0 and "aws-moon" in (unknown.stderr + unknown.stdout)




# Every ARN of a GovCloud account is in the aws-us-gov partition: the ones Rampart returns, and the ones
# its policies are evaluated against.

GOV = "arn:aws-us-gov"


def test_govcloud_principals_are_named_in_their_partition(govcloud):
    server, _ = govcloud
    assert client(server, "sts", "us-gov-west-1").get_caller_identity()["Arn"] == \
        f"{GOV}:iam::{ACCOUNT_ID}:user/admin"
    iam = client(server, "iam", "us-gov-west-1")
    assert iam.get_user()["User"]["Arn"] == f"{GOV}:iam::{ACCOUNT_ID}:user/admin"
    assert iam.list_attached_user_policies(UserName="admin")["AttachedPolicies"][0]["PolicyArn"] == \
        f"{GOV}:iam::aws:policy/AdministratorAccess"
    name = unique("gov")
    assert iam.create_user(UserName=name, Path="/ops/")["User"]["Arn"] == f"{GOV}:iam::{ACCOUNT_ID}:user/ops/{name}"
    assert iam.create_group(GroupName=name)["Group"]["Arn"] == f"{GOV}:iam::{ACCOUNT_ID}:group/{name}"
    role = iam.create_role(RoleName=name, AssumeRolePolicyDocument=dumps(trust_doc(f"{GOV}:iam::{ACCOUNT_ID}:root")))
    assert role["Role"]["Arn"] == f"{GOV}:iam::{ACCOUNT_ID}:role/{name}"
    policy = iam.create_policy(PolicyName=name, PolicyDocument=dumps(allow_doc("iam:GetUser")))["Policy"]
    assert policy["Arn"] == f"{GOV}:iam::{ACCOUNT_ID}:policy/{name}"
    assert iam.get_policy(PolicyArn=policy["Arn"])["Policy"]["PolicyName"] == name
    iam.attach_user_policy(UserName=name, PolicyArn=policy["Arn"])
    iam.attach_user_policy(UserName=name, PolicyArn=f"{GOV}:iam::aws:policy/IAMUserChangePassword")
    attached = {p["PolicyArn"] for p in iam.list_attached_user_policies(UserName=name)["AttachedPolicies"]}
    assert attached == {policy["Arn"], f"{GOV}:iam::aws:policy/IAMUserChangePassword"}
    # An AWS managed policy's document names the partition it is read in.
    version = iam.get_policy_version(PolicyArn=f"{GOV}:iam::aws:policy/IAMUserChangePassword", VersionId="v1")
    assert f"{GOV}:iam::*:user/${{aws:username}}" in json.dumps(version["PolicyVersion"]["Document"])
    # The commercial partition's names are not this account's.
    with aws_error("NoSuchEntity", 404):
        iam.get_policy(PolicyArn=f"arn:aws:iam::{ACCOUNT_ID}:policy/{name}")
    with aws_error("NoSuchEntity", 404):
        iam.attach_user_policy(UserName=name, PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")


def test_govcloud_mfa_serials_and_role_sessions(govcloud):
    server, _ = govcloud
    iam = client(server, "iam", "us-gov-west-1")
    name = unique("govmfa")
    device = iam.create_virtual_mfa_device(VirtualMFADeviceName=name)["VirtualMFADevice"]
    serial = device["SerialNumber"]
    assert serial == f"{GOV}:iam::{ACCOUNT_ID}:mfa/{name}"
    seed = device["Base32StringSeed"].decode() if isinstance(device["Base32StringSeed"], bytes) \
        else device["Base32StringSeed"]
    iam.create_user(UserName=name)
    enable(iam, name, serial, seed)
    assert [d["SerialNumber"] for d in iam.list_mfa_devices(UserName=name)["MFADevices"]] == [serial]
    role = iam.create_role(RoleName=name, AssumeRolePolicyDocument=dumps(trust_doc(f"{GOV}:iam::{ACCOUNT_ID}:root")))
    sts = client(server, "sts", "us-gov-west-1")
    assumed = sts.assume_role(RoleArn=role["Role"]["Arn"], RoleSessionName="s1")
    assert assumed["AssumedRoleUser"]["Arn"] == f"{GOV}:sts::{ACCOUNT_ID}:assumed-role/{name}/s1"
    creds = assumed["Credentials"]
    session = make_session(creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])
    me = session.client("sts", endpoint_url=server.endpoint, region_name="us-gov-west-1", config=BOTO_CONFIG)
    assert me.get_caller_identity()["Arn"] == f"{GOV}:sts::{ACCOUNT_ID}:assumed-role/{name}/s1"
    # The role named in the commercial partition is not this account's role.
    with aws_error("AccessDenied", 403):
        sts.assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT_ID}:role/{name}", RoleSessionName="s2")


def test_govcloud_policies_match_govcloud_resource_arns(govcloud):
    server, _ = govcloud
    iam = client(server, "iam", "us-gov-west-1")
    name = unique("govpol")
    iam.create_user(UserName=name)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    iam.put_user_policy(UserName=name, PolicyName="gov", PolicyDocument=dumps(
        allow_doc("iam:GetUser", f"{GOV}:iam::{ACCOUNT_ID}:user/*")))
    # A resource of the commercial partition is refused in a GovCloud account, in AWS's words
    # (aws/copilot-cli#2563): 'Partition "aws" is not valid for resource "arn:aws:iam::*:role/…".'
    commercial = f"arn:aws:iam::{ACCOUNT_ID}:user/*"
    with aws_error("MalformedPolicyDocument", 400, f'Partition "aws" is not valid for resource "{commercial}".'):
        iam.put_user_policy(UserName=name, PolicyName="commercial", PolicyDocument=dumps(
            allow_doc("iam:ListAccessKeys", commercial)))
    mine = make_session(key["AccessKeyId"], key["SecretAccessKey"]).client(
        "iam", endpoint_url=server.endpoint, region_name="us-gov-west-1", config=BOTO_CONFIG)
    # Granted on the GovCloud ARN of the user; nothing grants the other action.
    assert mine.get_user(UserName="admin")["User"]["Arn"] == f"{GOV}:iam::{ACCOUNT_ID}:user/admin"
    with aws_error("AccessDenied", 403, message=f"on resource: {GOV}:iam::{ACCOUNT_ID}:user/admin"):
        mine.list_access_keys(UserName="admin")
    # A trust policy naming the account in the commercial partition trusts nobody here.
    role = iam.create_role(RoleName=name, AssumeRolePolicyDocument=dumps(
        trust_doc(f"arn:aws:iam::{ACCOUNT_ID}:root")))
    with aws_error("AccessDenied", 403):
        client(server, "sts", "us-gov-west-1").assume_role(RoleArn=role["Role"]["Arn"], RoleSessionName="s3")


def test_an_organization_is_named_in_its_management_accounts_partition(govcloud):
    server, _ = govcloud
    orgs = client(server, "organizations", "us-gov-west-1")
    organization = orgs.create_organization(FeatureSet="ALL")["Organization"]
    assert organization["Arn"].startswith(f"{GOV}:organizations::{ACCOUNT_ID}:organization/o-")
    assert organization["MasterAccountArn"] == \
        f"{GOV}:organizations::{ACCOUNT_ID}:account/{organization['Id']}/{ACCOUNT_ID}"
    root = orgs.list_roots()["Roots"][0]
    assert root["Arn"].startswith(f"{GOV}:organizations::{ACCOUNT_ID}:root/{organization['Id']}/r-")
    unit = orgs.create_organizational_unit(ParentId=root["Id"], Name="gov-ou")["OrganizationalUnit"]
    assert unit["Arn"].startswith(f"{GOV}:organizations::{ACCOUNT_ID}:ou/{organization['Id']}/ou-")
    assert [a["Arn"] for a in orgs.list_accounts()["Accounts"]] == [organization["MasterAccountArn"]]


def test_govcloud_instance_profiles_and_identity_providers(govcloud):
    from test_saml_providers import metadata

    server, _ = govcloud
    iam = client(server, "iam", "us-gov-west-1")
    gov = f"arn:aws-us-gov:iam::{ACCOUNT_ID}"
    profile = unique("gov-ip")
    assert iam.create_instance_profile(InstanceProfileName=profile)["InstanceProfile"]["Arn"] == (
        f"{gov}:instance-profile/{profile}")
    host = f"{unique('gov-oidc')}.example.com"
    oidc = iam.create_open_id_connect_provider(Url=f"https://{host}")["OpenIDConnectProviderArn"]
    assert oidc == f"{gov}:oidc-provider/{host}"
    saml_name = unique("gov-saml")
    saml = iam.create_saml_provider(Name=saml_name, SAMLMetadataDocument=metadata())["SAMLProviderArn"]
    assert saml == f"{gov}:saml-provider/{saml_name}"
    assert iam.get_open_id_connect_provider(OpenIDConnectProviderArn=oidc)["Url"] == host
    # The same names in the commercial partition are nothing of this account's.
    with aws_error("NoSuchEntity", 404):
        iam.get_open_id_connect_provider(OpenIDConnectProviderArn=oidc.replace("aws-us-gov", "aws"))
    with aws_error("NoSuchEntity", 404):
        iam.get_saml_provider(SAMLProviderArn=saml.replace("aws-us-gov", "aws"))

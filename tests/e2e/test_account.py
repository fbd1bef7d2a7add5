"""Account-level IAM: account alias, GetAccountSummary, GetAccountAuthorizationDetails."""

import json

import pytest

from e2e_helpers import (
    ADMIN_POLICY, account_trust_doc, allow_doc, aws_error, dumps, unique, user_arn,
)


# ---------------------------------------------------------------------------
# Account alias
# ---------------------------------------------------------------------------
def _alias():
    return unique("e2e").lower()


@pytest.mark.usefixtures("clean_account_alias")
def test_account_alias_lifecycle(iam):
    resp = iam.list_account_aliases()
    assert resp["AccountAliases"] == [] and resp["IsTruncated"] is False
    alias = _alias()
    iam.create_account_alias(AccountAlias=alias)
    assert iam.list_account_aliases()["AccountAliases"] == [alias]
    iam.delete_account_alias(AccountAlias=alias)
    assert iam.list_account_aliases()["AccountAliases"] == []


@pytest.mark.usefixtures("clean_account_alias")
def test_second_alias_replaces_the_first(iam):
    # An account has at most one alias; verified against live AWS that a second
    # CreateAccountAlias replaces the first rather than failing (floci-io/floci#2103).
    first, second = _alias(), _alias()
    iam.create_account_alias(AccountAlias=first)
    iam.create_account_alias(AccountAlias=second)
    assert iam.list_account_aliases()["AccountAliases"] == [second]


@pytest.mark.usefixtures("clean_account_alias")
def test_delete_unknown_alias(iam):
    alias = _alias()
    iam.create_account_alias(AccountAlias=alias)
    with aws_error("NoSuchEntity", 404):
        iam.delete_account_alias(AccountAlias=_alias())
    assert iam.list_account_aliases()["AccountAliases"] == [alias]


@pytest.mark.usefixtures("clean_account_alias")
@pytest.mark.parametrize("bad", ["ab", "Upper-Case", "under_score", "-leading", "trailing-", "double--hyphen",
                                 "a" * 64, "dot.ted", "sp ace"])
def test_invalid_alias(iam, bad):
    # Pattern ^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$ (CreateAccountAlias API reference).
    with aws_error("ValidationError", 400):
        iam.create_account_alias(AccountAlias=bad)
    assert iam.list_account_aliases()["AccountAliases"] == []


@pytest.mark.usefixtures("clean_account_alias")
@pytest.mark.parametrize("good", ["abc", "a" * 63, "a-b-c-1-2-3"])
def test_alias_length_edges(iam, good):
    iam.create_account_alias(AccountAlias=good)
    assert iam.list_account_aliases()["AccountAliases"] == [good]


# ---------------------------------------------------------------------------
# GetAccountSummary
# ---------------------------------------------------------------------------
EXPECTED_QUOTAS = {
    "UsersQuota": 5000,
    "GroupsQuota": 300,
    "RolesQuota": 1000,
    "PoliciesQuota": 1500,
    "AccessKeysPerUserQuota": 2,
    "GroupsPerUserQuota": 10,
    "AttachedPoliciesPerUserQuota": 10,
    "AttachedPoliciesPerGroupQuota": 10,
    "AttachedPoliciesPerRoleQuota": 10,
    "VersionsPerPolicyQuota": 5,
    "PolicySizeQuota": 6144,
    "UserPolicySizeQuota": 2048,
    "GroupPolicySizeQuota": 5120,
    "RolePolicySizeQuota": 10240,
    "AssumeRolePolicySizeQuota": 2048,
}


def _summary(iam):
    return iam.get_account_summary()["SummaryMap"]


def test_account_summary_keys_and_quotas(iam):
    summary = _summary(iam)
    for key in ("Users", "Groups", "Roles", "Policies", "MFADevices", "MFADevicesInUse", "AccountMFAEnabled",
                "AccountAccessKeysPresent", "AccountPasswordPresent", "PolicyVersionsInUse"):
        assert key in summary, key
    for key, value in EXPECTED_QUOTAS.items():
        assert summary.get(key) == value, f"{key}: {summary.get(key)}"
    assert all(isinstance(v, int) for v in summary.values())


def test_account_summary_root_flags(iam):
    summary = _summary(iam)
    assert summary["AccountMFAEnabled"] == 0
    # `rampart init` gave the root user a password and an access key.
    assert summary["AccountAccessKeysPresent"] == 1
    assert summary["AccountPasswordPresent"] == 1


def test_account_summary_counts_move(iam):
    before = _summary(iam)
    user, group, role = unique("user"), unique("grp"), unique("role")
    iam.create_user(UserName=user)
    iam.create_group(GroupName=group)
    iam.create_role(RoleName=role, AssumeRolePolicyDocument=dumps(account_trust_doc()))
    arn = iam.create_policy(PolicyName=unique("pol"), PolicyDocument=dumps(allow_doc()))["Policy"]["Arn"]
    iam.create_policy_version(PolicyArn=arn, PolicyDocument=dumps(allow_doc(action="s3:PutObject")))
    after = _summary(iam)
    assert after["Users"] == before["Users"] + 1
    assert after["Groups"] == before["Groups"] + 1
    assert after["Roles"] == before["Roles"] + 1
    assert after["Policies"] == before["Policies"] + 1

    iam.delete_user(UserName=user)
    iam.delete_group(GroupName=group)
    iam.delete_role(RoleName=role)
    iam.delete_policy_version(PolicyArn=arn, VersionId="v2")
    iam.delete_policy(PolicyArn=arn)
    final = _summary(iam)
    for key in ("Users", "Groups", "Roles", "Policies"):
        assert final[key] == before[key], key


def test_account_summary_counts_existing_users(iam):
    users = sum(len(p["Users"]) for p in iam.get_paginator("list_users").paginate())
    assert _summary(iam)["Users"] == users


def test_account_summary_as_root(root_iam, iam):
    assert root_iam.get_account_summary()["SummaryMap"]["Users"] == _summary(iam)["Users"]


# ---------------------------------------------------------------------------
# GetAccountAuthorizationDetails
# ---------------------------------------------------------------------------
def _details(iam, filters):
    merged = {"UserDetailList": [], "GroupDetailList": [], "RoleDetailList": [], "Policies": []}
    for page in iam.get_paginator("get_account_authorization_details").paginate(Filter=filters):
        for key in merged:
            merged[key] += page.get(key, [])
    return merged


@pytest.fixture
def populated(iam, make_group):
    """A user in a group, with inline and managed policies; a role; a local policy."""
    doc_user = allow_doc(action="s3:GetObject")
    doc_group = allow_doc(action="s3:ListBucket")
    doc_role = allow_doc(action="s3:PutObject")
    doc_local = allow_doc(action="iam:GetUser")
    user, role = unique("user"), unique("role")
    iam.create_user(UserName=user)
    group = make_group(members=[user])
    iam.put_user_policy(UserName=user, PolicyName="user-inline", PolicyDocument=json.dumps(doc_user))
    iam.put_group_policy(GroupName=group, PolicyName="group-inline", PolicyDocument=json.dumps(doc_group))
    local = iam.create_policy(PolicyName=unique("pol"), PolicyDocument=json.dumps(doc_local))["Policy"]["Arn"]
    iam.attach_user_policy(UserName=user, PolicyArn=local)
    iam.attach_group_policy(GroupName=group, PolicyArn=ADMIN_POLICY)
    iam.create_role(RoleName=role, AssumeRolePolicyDocument=json.dumps(account_trust_doc()))
    iam.put_role_policy(RoleName=role, PolicyName="role-inline", PolicyDocument=json.dumps(doc_role))
    iam.attach_role_policy(RoleName=role, PolicyArn=local)
    return dict(user=user, group=group, role=role, local=local, doc_user=doc_user, doc_group=doc_group,
                doc_role=doc_role, doc_local=doc_local)


def test_authorization_details_user_filter(iam, populated):
    details = _details(iam, ["User"])
    assert details["GroupDetailList"] == [] and details["RoleDetailList"] == [] and details["Policies"] == []
    users = {u["UserName"]: u for u in details["UserDetailList"]}
    assert "admin" in users
    mine = users[populated["user"]]
    assert mine["Arn"] == user_arn(populated["user"])
    assert mine["UserId"].startswith("AIDA")
    assert mine["GroupList"] == [populated["group"]]
    assert [p["PolicyArn"] for p in mine["AttachedManagedPolicies"]] == [populated["local"]]
    assert mine["UserPolicyList"] == [{"PolicyName": "user-inline", "PolicyDocument": populated["doc_user"]}]
    assert ADMIN_POLICY in [p["PolicyArn"] for p in users["admin"]["AttachedManagedPolicies"]]


def test_authorization_details_group_and_role_filters(iam, populated):
    details = _details(iam, ["Group", "Role"])
    assert details["UserDetailList"] == [] and details["Policies"] == []
    groups = {g["GroupName"]: g for g in details["GroupDetailList"]}
    group = groups[populated["group"]]
    assert group["GroupPolicyList"] == [{"PolicyName": "group-inline", "PolicyDocument": populated["doc_group"]}]
    assert [p["PolicyArn"] for p in group["AttachedManagedPolicies"]] == [ADMIN_POLICY]
    roles = {r["RoleName"]: r for r in details["RoleDetailList"]}
    role = roles[populated["role"]]
    assert role["AssumeRolePolicyDocument"] == account_trust_doc()
    assert role["RolePolicyList"] == [{"PolicyName": "role-inline", "PolicyDocument": populated["doc_role"]}]
    assert [p["PolicyArn"] for p in role["AttachedManagedPolicies"]] == [populated["local"]]


def test_authorization_details_local_policies(iam, populated):
    details = _details(iam, ["LocalManagedPolicy"])
    assert details["UserDetailList"] == [] and details["GroupDetailList"] == [] and details["RoleDetailList"] == []
    policies = {p["Arn"]: p for p in details["Policies"]}
    assert not any(arn.startswith("arn:aws:iam::aws:") for arn in policies)
    mine = policies[populated["local"]]
    assert mine["DefaultVersionId"] == "v1"
    assert mine["AttachmentCount"] == 2
    versions = mine["PolicyVersionList"]
    assert len(versions) == 1
    assert versions[0]["VersionId"] == "v1" and versions[0]["IsDefaultVersion"] is True
    assert versions[0]["Document"] == populated["doc_local"]


def test_authorization_details_aws_managed_policies(iam, populated):
    details = _details(iam, ["AWSManagedPolicy"])
    arns = {p["Arn"] for p in details["Policies"]}
    assert ADMIN_POLICY in arns
    assert all(arn.startswith("arn:aws:iam::aws:policy/") for arn in arns)
    admin = next(p for p in details["Policies"] if p["Arn"] == ADMIN_POLICY)
    default = next(v for v in admin["PolicyVersionList"] if v["IsDefaultVersion"])
    assert isinstance(default["Document"], dict)


def test_authorization_details_without_filter(iam, populated):
    details = _details(iam, [])
    assert populated["user"] in {u["UserName"] for u in details["UserDetailList"]}
    assert populated["group"] in {g["GroupName"] for g in details["GroupDetailList"]}
    assert populated["role"] in {r["RoleName"] for r in details["RoleDetailList"]}
    assert populated["local"] in {p["Arn"] for p in details["Policies"]}


def test_authorization_details_paging(iam, populated):
    first = iam.get_account_authorization_details(Filter=["User"], MaxItems=1)
    assert len(first["UserDetailList"]) == 1
    assert first["IsTruncated"] is True and first["Marker"]
    second = iam.get_account_authorization_details(Filter=["User"], MaxItems=1, Marker=first["Marker"])
    assert len(second["UserDetailList"]) == 1
    assert second["UserDetailList"][0]["UserName"] != first["UserDetailList"][0]["UserName"]

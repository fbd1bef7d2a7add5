"""Managed policy attachments: Attach/Detach/ListAttached for User, Group and Role."""

import json

import pytest

from e2e_helpers import (
    ACCOUNT_ID, ADMIN_POLICY, AWS_MANAGED, READONLY_POLICY, account_trust_doc, allow_doc, aws_error,
    dumps, policy_arn, unique, unique_path,
)

KINDS = ["user", "group", "role"]


class Target:
    def __init__(self, iam, kind):
        self.iam, self.kind = iam, kind
        self.name = unique(kind)
        self.key = {"user": "UserName", "group": "GroupName", "role": "RoleName"}[kind]
        if kind == "user":
            iam.create_user(UserName=self.name)
        elif kind == "group":
            iam.create_group(GroupName=self.name)
        else:
            iam.create_role(RoleName=self.name, AssumeRolePolicyDocument=dumps(account_trust_doc()))

    def attach(self, arn, name=None):
        return getattr(self.iam, f"attach_{self.kind}_policy")(**{self.key: name or self.name, "PolicyArn": arn})

    def detach(self, arn, name=None):
        return getattr(self.iam, f"detach_{self.kind}_policy")(**{self.key: name or self.name, "PolicyArn": arn})

    def listed(self, **kwargs):
        return getattr(self.iam, f"list_attached_{self.kind}_policies")(**{self.key: self.name, **kwargs})

    def arns(self):
        return sorted(p["PolicyArn"] for p in self.listed()["AttachedPolicies"])


def _local_policy(iam, path="/"):
    return iam.create_policy(PolicyName=unique("pol"), Path=path,
                             PolicyDocument=json.dumps(allow_doc()))["Policy"]["Arn"]


@pytest.mark.parametrize("kind", KINDS)
def test_attach_list_detach(iam, kind):
    target = Target(iam, kind)
    local = _local_policy(iam)
    target.attach(ADMIN_POLICY)
    target.attach(local)
    resp = target.listed()
    assert resp["IsTruncated"] is False
    by_arn = {p["PolicyArn"]: p["PolicyName"] for p in resp["AttachedPolicies"]}
    assert by_arn == {ADMIN_POLICY: "AdministratorAccess", local: local.rsplit("/", 1)[1]}
    assert iam.get_policy(PolicyArn=local)["Policy"]["AttachmentCount"] == 1

    target.detach(local)
    assert target.arns() == [ADMIN_POLICY]
    assert iam.get_policy(PolicyArn=local)["Policy"]["AttachmentCount"] == 0
    target.detach(ADMIN_POLICY)
    assert target.arns() == []


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("arn", AWS_MANAGED)
def test_attach_each_aws_managed_policy(iam, kind, arn):
    target = Target(iam, kind)
    target.attach(arn)
    assert target.arns() == [arn]


@pytest.mark.parametrize("kind", KINDS)
def test_attach_twice_is_idempotent(iam, kind):
    target = Target(iam, kind)
    local = _local_policy(iam)
    target.attach(local)
    target.attach(local)
    assert target.arns() == [local]
    assert iam.get_policy(PolicyArn=local)["Policy"]["AttachmentCount"] == 1


@pytest.mark.parametrize("kind", KINDS)
def test_attach_nonexistent_policy(iam, kind):
    target = Target(iam, kind)
    with aws_error("NoSuchEntity", 404):
        target.attach(policy_arn(unique("ghost")))
    with aws_error("NoSuchEntity", 404):
        target.attach("arn:aws:iam::aws:policy/" + unique("NoSuchAwsManaged"))
    assert target.arns() == []


@pytest.mark.parametrize("kind", KINDS)
def test_attach_invalid_arn(iam, kind):
    target = Target(iam, kind)
    with aws_error("InvalidInput", 400):
        target.attach("this-is-not-an-arn-at-all-" + unique("x"))


@pytest.mark.parametrize("kind", KINDS)
def test_attach_to_unknown_entity(iam, kind):
    target = Target(iam, kind)
    with aws_error("NoSuchEntity", 404):
        target.attach(ADMIN_POLICY, name=unique("ghost"))
    with aws_error("NoSuchEntity", 404):
        getattr(iam, f"list_attached_{kind}_policies")(**{target.key: unique("ghost")})


@pytest.mark.parametrize("kind", KINDS)
def test_detach_policy_not_attached(iam, kind):
    target = Target(iam, kind)
    target.attach(ADMIN_POLICY)
    with aws_error("NoSuchEntity", 404):
        target.detach(READONLY_POLICY)
    with aws_error("NoSuchEntity", 404):
        target.detach(_local_policy(iam))
    assert target.arns() == [ADMIN_POLICY]


@pytest.mark.parametrize("kind", KINDS)
def test_at_most_ten_managed_policies(iam, kind):
    target = Target(iam, kind)
    path = unique_path()
    policies = [_local_policy(iam, path) for _ in range(11)]
    for arn in policies[:10]:
        target.attach(arn)
    assert len(target.arns()) == 10
    with aws_error("LimitExceeded", 409):
        target.attach(policies[10])
    assert policies[10] not in target.arns()
    target.detach(policies[0])
    target.attach(policies[10])
    assert len(target.arns()) == 10


@pytest.mark.parametrize("kind", KINDS)
def test_list_attached_path_prefix_and_paging(iam, kind):
    target = Target(iam, kind)
    path = unique_path()
    under = {_local_policy(iam, path) for _ in range(3)}
    for arn in under:
        target.attach(arn)
    target.attach(ADMIN_POLICY)
    assert {p["PolicyArn"] for p in target.listed(PathPrefix=path)["AttachedPolicies"]} == under

    first = target.listed(MaxItems=3)
    assert len(first["AttachedPolicies"]) == 3 and first["IsTruncated"] is True
    second = target.listed(MaxItems=3, Marker=first["Marker"])
    assert len(second["AttachedPolicies"]) == 1 and second["IsTruncated"] is False
    assert {p["PolicyArn"] for p in first["AttachedPolicies"] + second["AttachedPolicies"]} == under | {ADMIN_POLICY}


def test_attaching_policy_of_another_account_is_no_such_entity(iam):
    target = Target(iam, "user")
    other = f"arn:aws:iam::{'9' * 12}:policy/{unique('foreign')}"
    assert not other.startswith(f"arn:aws:iam::{ACCOUNT_ID}:")
    with aws_error("NoSuchEntity", 404):
        target.attach(other)

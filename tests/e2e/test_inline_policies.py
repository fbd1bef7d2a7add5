"""Inline policies: Put/Get/Delete/List for User, Group and Role."""

import json

import pytest

from e2e_helpers import (
    ACCOUNT_ID, MALFORMED_POLICIES, account_trust_doc, allow_doc, aws_error, dumps,
    sized_identity_policy, unique,
)

# Aggregate inline policy size quotas (IAM quotas page; whitespace not counted).
SIZE_QUOTA = {"user": 2048, "group": 5120, "role": 10240}


class Entity:
    """Uniform access to the inline-policy operations of one user, group or role."""

    def __init__(self, iam, kind):
        self.iam, self.kind = iam, kind
        self.name = unique(kind)
        self.key = {"user": "UserName", "group": "GroupName", "role": "RoleName"}[kind]
        self.cap = kind.capitalize()
        if kind == "user":
            iam.create_user(UserName=self.name)
        elif kind == "group":
            iam.create_group(GroupName=self.name)
        else:
            iam.create_role(RoleName=self.name, AssumeRolePolicyDocument=dumps(account_trust_doc()))

    def _call(self, op, **kwargs):
        return getattr(self.iam, op)(**{self.key: self.name, **kwargs})

    def put(self, policy_name, document):
        return self._call(f"put_{self.kind}_policy", PolicyName=policy_name, PolicyDocument=dumps(document))

    def get(self, policy_name):
        return self._call(f"get_{self.kind}_policy", PolicyName=policy_name)

    def list(self, **kwargs):
        return self._call(f"list_{self.kind}_policies", **kwargs)

    def delete(self, policy_name):
        return self._call(f"delete_{self.kind}_policy", PolicyName=policy_name)


KINDS = ["user", "group", "role"]


@pytest.mark.parametrize("kind", KINDS)
def test_put_get_list_delete(iam, kind):
    entity = Entity(iam, kind)
    doc = allow_doc(action=["s3:GetObject", "s3:PutObject"], resource="arn:aws:s3:::bucket/a b%c&d")
    entity.put("first", json.dumps(doc, indent=2))
    got = entity.get("first")
    assert got[entity.key] == entity.name
    assert got["PolicyName"] == "first"
    assert isinstance(got["PolicyDocument"], dict)
    assert got["PolicyDocument"] == doc

    entity.put("second", allow_doc())
    listed = entity.list()
    assert sorted(listed["PolicyNames"]) == ["first", "second"]
    assert listed["IsTruncated"] is False

    entity.delete("first")
    assert entity.list()["PolicyNames"] == ["second"]
    with aws_error("NoSuchEntity", 404):
        entity.get("first")
    with aws_error("NoSuchEntity", 404):
        entity.delete("first")


@pytest.mark.parametrize("kind", KINDS)
def test_put_replaces_document_with_same_name(iam, kind):
    entity = Entity(iam, kind)
    entity.put("p", allow_doc(action="s3:GetObject"))
    replacement = allow_doc(action="s3:DeleteObject")
    entity.put("p", replacement)
    assert entity.get("p")["PolicyDocument"] == replacement
    assert entity.list()["PolicyNames"] == ["p"]


@pytest.mark.parametrize("kind", KINDS)
def test_unknown_policy_or_entity(iam, kind):
    entity = Entity(iam, kind)
    with aws_error("NoSuchEntity", 404):
        entity.get(unique("nope"))
    with aws_error("NoSuchEntity", 404):
        getattr(iam, f"put_{kind}_policy")(**{entity.key: unique("ghost"), "PolicyName": "p",
                                              "PolicyDocument": dumps(allow_doc())})
    with aws_error("NoSuchEntity", 404):
        getattr(iam, f"list_{kind}_policies")(**{entity.key: unique("ghost")})


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("case", sorted(MALFORMED_POLICIES))
def test_malformed_inline_policy(iam, kind, case):
    entity = Entity(iam, kind)
    with aws_error("MalformedPolicyDocument", 400):
        entity.put("bad", MALFORMED_POLICIES[case])
    assert entity.list()["PolicyNames"] == []


@pytest.mark.parametrize("kind", KINDS)
def test_inline_identity_policy_with_principal_is_malformed(iam, kind):
    entity = Entity(iam, kind)
    doc = allow_doc()
    doc["Statement"][0]["Principal"] = {"AWS": f"arn:aws:iam::{ACCOUNT_ID}:root"}
    with aws_error("MalformedPolicyDocument", 400):
        entity.put("bad", doc)


@pytest.mark.parametrize("kind", KINDS)
def test_inline_policy_may_use_the_2008_version(iam, kind):
    # Unlike managed policies, inline policies still accept the legacy 2008-10-17 language version.
    entity = Entity(iam, kind)
    doc = allow_doc()
    doc["Version"] = "2008-10-17"
    entity.put("legacy", doc)
    assert entity.get("legacy")["PolicyDocument"] == doc


@pytest.mark.parametrize("kind", KINDS)
def test_inline_policy_name_edges(iam, kind):
    entity = Entity(iam, kind)
    ok = "n" * 128
    entity.put(ok, allow_doc())
    assert entity.list()["PolicyNames"] == [ok]
    with aws_error("ValidationError", 400):
        entity.put("n" * 129, allow_doc())
    with aws_error("ValidationError", 400):
        entity.put("has space", allow_doc())


@pytest.mark.parametrize("kind", KINDS)
def test_inline_policy_size_edge(iam, kind):
    entity = Entity(iam, kind)
    quota = SIZE_QUOTA[kind]
    entity.put("exact", sized_identity_policy(quota))
    assert entity.get("exact")["PolicyDocument"] == json.loads(sized_identity_policy(quota))
    with aws_error("LimitExceeded", 409):
        entity.put("over", sized_identity_policy(quota + 1))
    # Replacing the policy by one over quota fails too, and leaves the old one in place.
    with aws_error("LimitExceeded", 409):
        entity.put("exact", sized_identity_policy(quota + 1))
    assert entity.list()["PolicyNames"] == ["exact"]


def test_user_inline_quota_is_aggregate(iam):
    # "The total size of all inline policies for a user" is 2,048 characters (IAM quotas page).
    entity = Entity(iam, "user")
    entity.put("a", sized_identity_policy(1100))
    with aws_error("LimitExceeded", 409):
        entity.put("b", sized_identity_policy(1100))
    entity.put("b", sized_identity_policy(900))
    assert sorted(entity.list()["PolicyNames"]) == ["a", "b"]


@pytest.mark.parametrize("kind", KINDS)
def test_list_inline_policies_paging(iam, kind):
    entity = Entity(iam, kind)
    names = {"p1", "p2", "p3"}
    for name in names:
        entity.put(name, allow_doc())
    first = entity.list(MaxItems=2)
    assert len(first["PolicyNames"]) == 2 and first["IsTruncated"] is True
    second = entity.list(MaxItems=2, Marker=first["Marker"])
    assert len(second["PolicyNames"]) == 1 and second["IsTruncated"] is False
    assert set(first["PolicyNames"] + second["PolicyNames"]) == names

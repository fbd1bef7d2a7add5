"""Tags on users, roles and managed policies: Tag*/Untag*/List*Tags."""

import json

import pytest

from e2e_helpers import account_trust_doc, allow_doc, aws_error, dumps, policy_arn, unique


class Taggable:
    def __init__(self, iam, kind):
        self.iam, self.kind = iam, kind
        if kind == "user":
            self.ident = unique("user")
            iam.create_user(UserName=self.ident)
            self.key = "UserName"
        elif kind == "role":
            self.ident = unique("role")
            iam.create_role(RoleName=self.ident, AssumeRolePolicyDocument=dumps(account_trust_doc()))
            self.key = "RoleName"
        else:
            self.ident = iam.create_policy(PolicyName=unique("pol"),
                                           PolicyDocument=json.dumps(allow_doc()))["Policy"]["Arn"]
            self.key = "PolicyArn"
        self.cap = kind.capitalize()

    def tag(self, tags, ident=None):
        return getattr(self.iam, f"tag_{self.kind}")(**{self.key: ident or self.ident, "Tags": tags})

    def untag(self, keys, ident=None):
        return getattr(self.iam, f"untag_{self.kind}")(**{self.key: ident or self.ident, "TagKeys": keys})

    def list(self, ident=None, **kwargs):
        return getattr(self.iam, f"list_{self.kind}_tags")(**{self.key: ident or self.ident, **kwargs})

    def as_dict(self):
        return {t["Key"]: t["Value"] for t in self.list()["Tags"]}

    def ghost(self):
        return policy_arn(unique("ghost")) if self.kind == "policy" else unique("ghost")

    def described_tags(self):
        if self.kind == "user":
            entity = self.iam.get_user(UserName=self.ident)["User"]
        elif self.kind == "role":
            entity = self.iam.get_role(RoleName=self.ident)["Role"]
        else:
            entity = self.iam.get_policy(PolicyArn=self.ident)["Policy"]
        return {t["Key"]: t["Value"] for t in entity.get("Tags", [])}


KINDS = ["user", "role", "policy"]


@pytest.mark.parametrize("kind", KINDS)
def test_tag_list_untag(iam, kind):
    target = Taggable(iam, kind)
    resp = target.list()
    assert resp["Tags"] == [] and resp["IsTruncated"] is False
    target.tag([{"Key": "team", "Value": "blue"}, {"Key": "cost-center", "Value": "42"},
                {"Key": "empty", "Value": ""}])
    assert target.as_dict() == {"team": "blue", "cost-center": "42", "empty": ""}
    assert target.described_tags() == {"team": "blue", "cost-center": "42", "empty": ""}
    target.untag(["team", "empty"])
    assert target.as_dict() == {"cost-center": "42"}


@pytest.mark.parametrize("kind", KINDS)
def test_tagging_an_existing_key_replaces_its_value(iam, kind):
    target = Taggable(iam, kind)
    target.tag([{"Key": "k", "Value": "old"}])
    target.tag([{"Key": "k", "Value": "new"}, {"Key": "other", "Value": "x"}])
    assert target.as_dict() == {"k": "new", "other": "x"}


@pytest.mark.parametrize("kind", KINDS)
def test_untag_missing_key_is_a_no_op(iam, kind):
    target = Taggable(iam, kind)
    target.tag([{"Key": "keep", "Value": "1"}])
    target.untag(["not-there"])
    assert target.as_dict() == {"keep": "1"}


@pytest.mark.parametrize("kind", KINDS)
def test_tags_on_unknown_entity(iam, kind):
    target = Taggable(iam, kind)
    ghost = target.ghost()
    with aws_error("NoSuchEntity", 404):
        target.tag([{"Key": "k", "Value": "v"}], ident=ghost)
    with aws_error("NoSuchEntity", 404):
        target.untag(["k"], ident=ghost)
    with aws_error("NoSuchEntity", 404):
        target.list(ident=ghost)


@pytest.mark.parametrize("kind", KINDS)
def test_fifty_tags_then_limit(iam, kind):
    target = Taggable(iam, kind)
    target.tag([{"Key": f"k{i:02d}", "Value": str(i)} for i in range(25)])
    target.tag([{"Key": f"k{i:02d}", "Value": str(i)} for i in range(25, 50)])
    assert len(target.as_dict()) == 50
    with aws_error("LimitExceeded", 409):
        target.tag([{"Key": "one-too-many", "Value": "x"}])
    assert len(target.as_dict()) == 50 and "one-too-many" not in target.as_dict()
    # Re-tagging an existing key does not add a tag, so it is still allowed at 50.
    target.tag([{"Key": "k00", "Value": "changed"}])
    assert target.as_dict()["k00"] == "changed"


@pytest.mark.parametrize("kind", KINDS)
def test_tag_key_and_value_length_edges(iam, kind):
    target = Taggable(iam, kind)
    target.tag([{"Key": "k" * 128, "Value": "v" * 256}])
    assert target.as_dict() == {"k" * 128: "v" * 256}
    with aws_error("ValidationError", 400):
        target.tag([{"Key": "k" * 129, "Value": "v"}])
    with aws_error("ValidationError", 400):
        target.tag([{"Key": "k", "Value": "v" * 257}])
    with aws_error("ValidationError", 400):
        target.tag([{"Key": "", "Value": "v"}])
    assert target.as_dict() == {"k" * 128: "v" * 256}


@pytest.mark.parametrize("kind", KINDS)
def test_list_tags_paging(iam, kind):
    target = Taggable(iam, kind)
    target.tag([{"Key": f"k{i}", "Value": "v"} for i in range(3)])
    first = target.list(MaxItems=2)
    assert len(first["Tags"]) == 2 and first["IsTruncated"] is True
    second = target.list(MaxItems=2, Marker=first["Marker"])
    assert len(second["Tags"]) == 1 and second["IsTruncated"] is False
    assert {t["Key"] for t in first["Tags"] + second["Tags"]} == {"k0", "k1", "k2"}

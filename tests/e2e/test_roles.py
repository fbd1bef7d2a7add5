"""IAM roles: CreateRole GetRole ListRoles UpdateRole UpdateRoleDescription
UpdateAssumeRolePolicy DeleteRole."""

import json

import pytest

from e2e_helpers import (
    ACCOUNT_ID, ADMIN_POLICY, MALFORMED_TRUST_POLICIES, ROOT_ARN, account_trust_doc, allow_doc,
    aws_error, dumps, role_arn, sized_trust_policy, trust_doc, unique, unique_path, user_arn,
)


def test_create_role_returns_the_role(iam):
    name = unique("role")
    trust = account_trust_doc()
    role = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))["Role"]
    assert role["RoleName"] == name
    assert role["Path"] == "/"
    assert role["Arn"] == role_arn(name)
    assert role["RoleId"].startswith("AROA") and len(role["RoleId"]) == 21
    assert "CreateDate" in role
    assert role["AssumeRolePolicyDocument"] == trust


def test_get_role_decodes_trust_policy_and_defaults(iam):
    name, path = unique("role"), unique_path()
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "AccountRoot", "Effect": "Allow", "Principal": {"AWS": ROOT_ARN}, "Action": "sts:AssumeRole"},
            {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"},
        ],
    }
    created = iam.create_role(RoleName=name, Path=path, AssumeRolePolicyDocument=json.dumps(trust, indent=2),
                              Description="a test role")["Role"]
    role = iam.get_role(RoleName=name)["Role"]
    assert isinstance(role["AssumeRolePolicyDocument"], dict)
    assert role["AssumeRolePolicyDocument"] == trust
    assert role["RoleId"] == created["RoleId"]
    assert role["Arn"] == role_arn(name, path)
    assert role["Path"] == path
    assert role["Description"] == "a test role"
    assert role["MaxSessionDuration"] == 3600
    assert "LastUsedDate" not in role.get("RoleLastUsed", {})
    assert "PermissionsBoundary" not in role


def test_get_unknown_role(iam):
    name = unique("ghost")
    with aws_error("NoSuchEntity", 404) as err:
        iam.get_role(RoleName=name)
    assert err.message == f"The role with name {name} cannot be found."


def test_duplicate_role_is_case_insensitive(iam):
    name = unique("Role")
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=dumps(account_trust_doc()))
    with aws_error("EntityAlreadyExists", 409):
        iam.create_role(RoleName=name, AssumeRolePolicyDocument=dumps(account_trust_doc()))
    with aws_error("EntityAlreadyExists", 409):
        iam.create_role(RoleName=name.upper(), AssumeRolePolicyDocument=dumps(account_trust_doc()))


def test_role_name_length_edges(iam):
    ok = (unique("r") + "x" * 64)[:64]
    assert iam.create_role(RoleName=ok, AssumeRolePolicyDocument=dumps(account_trust_doc()))["Role"]["RoleName"] == ok
    with aws_error("ValidationError", 400):
        iam.create_role(RoleName=(unique("r") + "x" * 65)[:65], AssumeRolePolicyDocument=dumps(account_trust_doc()))
    with aws_error("ValidationError", 400):
        iam.create_role(RoleName="bad name " + unique("r"), AssumeRolePolicyDocument=dumps(account_trust_doc()))


@pytest.mark.parametrize("duration", [3600, 43200])
def test_max_session_duration_edges_accepted(iam, duration):
    name = unique("role")
    role = iam.create_role(RoleName=name, AssumeRolePolicyDocument=dumps(account_trust_doc()),
                           MaxSessionDuration=duration)["Role"]
    assert iam.get_role(RoleName=name)["Role"]["MaxSessionDuration"] == duration
    assert role.get("MaxSessionDuration", duration) == duration


@pytest.mark.parametrize("duration", [3599, 43201])
def test_max_session_duration_out_of_range_rejected(iam, duration):
    name = unique("role")
    with aws_error("ValidationError", 400):
        iam.create_role(RoleName=name, AssumeRolePolicyDocument=dumps(account_trust_doc()),
                        MaxSessionDuration=duration)
    with aws_error("NoSuchEntity", 404):
        iam.get_role(RoleName=name)


def test_update_role(iam, make_role):
    name, _ = make_role()
    iam.update_role(RoleName=name, Description="new description", MaxSessionDuration=7200)
    role = iam.get_role(RoleName=name)["Role"]
    assert role["Description"] == "new description"
    assert role["MaxSessionDuration"] == 7200
    iam.update_role(RoleName=name, MaxSessionDuration=43200)
    assert iam.get_role(RoleName=name)["Role"]["MaxSessionDuration"] == 43200


@pytest.mark.parametrize("duration", [3599, 43201])
def test_update_role_max_session_duration_out_of_range(iam, make_role, duration):
    name, _ = make_role()
    with aws_error("ValidationError", 400):
        iam.update_role(RoleName=name, MaxSessionDuration=duration)
    assert iam.get_role(RoleName=name)["Role"]["MaxSessionDuration"] == 3600


def test_update_role_unknown(iam):
    with aws_error("NoSuchEntity", 404):
        iam.update_role(RoleName=unique("ghost"), Description="x")


def test_update_role_description(iam, make_role):
    name, arn = make_role()
    role = iam.update_role_description(RoleName=name, Description="described")["Role"]
    assert role["RoleName"] == name and role["Arn"] == arn
    assert role["Description"] == "described"
    assert iam.get_role(RoleName=name)["Role"]["Description"] == "described"
    with aws_error("NoSuchEntity", 404):
        iam.update_role_description(RoleName=unique("ghost"), Description="x")


def test_role_description_length_edges(iam):
    ok = iam.create_role(RoleName=unique("role"), AssumeRolePolicyDocument=dumps(account_trust_doc()),
                         Description="d" * 1000)["Role"]
    assert iam.get_role(RoleName=ok["RoleName"])["Role"]["Description"] == "d" * 1000
    with aws_error("ValidationError", 400):
        iam.create_role(RoleName=unique("role"), AssumeRolePolicyDocument=dumps(account_trust_doc()),
                        Description="d" * 1001)


def test_update_assume_role_policy(iam, make_role, make_user):
    name, _ = make_role()
    user, _ = make_user(with_key=False)
    new_trust = trust_doc(user_arn(user))
    iam.update_assume_role_policy(RoleName=name, PolicyDocument=json.dumps(new_trust))
    assert iam.get_role(RoleName=name)["Role"]["AssumeRolePolicyDocument"] == new_trust


@pytest.mark.parametrize("case", sorted(MALFORMED_TRUST_POLICIES))
def test_update_assume_role_policy_malformed(iam, make_role, case):
    name, _ = make_role()
    with aws_error("MalformedPolicyDocument", 400):
        iam.update_assume_role_policy(RoleName=name, PolicyDocument=MALFORMED_TRUST_POLICIES[case])
    assert iam.get_role(RoleName=name)["Role"]["AssumeRolePolicyDocument"] == account_trust_doc()


def test_update_assume_role_policy_unknown_role(iam):
    with aws_error("NoSuchEntity", 404):
        iam.update_assume_role_policy(RoleName=unique("ghost"), PolicyDocument=dumps(account_trust_doc()))


@pytest.mark.parametrize("case", sorted(MALFORMED_TRUST_POLICIES))
def test_create_role_with_malformed_trust_policy(iam, case):
    name = unique("role")
    with aws_error("MalformedPolicyDocument", 400):
        iam.create_role(RoleName=name, AssumeRolePolicyDocument=MALFORMED_TRUST_POLICIES[case])
    with aws_error("NoSuchEntity", 404):
        iam.get_role(RoleName=name)


def test_trust_policy_must_name_a_principal(iam):
    doc = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole"}]}
    with aws_error("MalformedPolicyDocument", 400):
        iam.create_role(RoleName=unique("role"), AssumeRolePolicyDocument=json.dumps(doc))


def test_trust_policy_must_not_have_a_resource(iam):
    # AWS: "Has prohibited field Resource" for trust policies.
    doc = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": ROOT_ARN},
                                                    "Action": "sts:AssumeRole", "Resource": "*"}]}
    with aws_error("MalformedPolicyDocument", 400):
        iam.create_role(RoleName=unique("role"), AssumeRolePolicyDocument=json.dumps(doc))


def test_trust_policy_with_unknown_principal(iam):
    # AWS validates IAM principals in trust policies: "Invalid principal in policy".
    ghost = f"arn:aws:iam::{ACCOUNT_ID}:user/{unique('ghost')}"
    with aws_error("MalformedPolicyDocument", 400):
        iam.create_role(RoleName=unique("role"), AssumeRolePolicyDocument=json.dumps(trust_doc(ghost)))


def test_trust_policy_size_edges(iam):
    # Role trust policy length quota: 2,048 characters (IAM quotas page), whitespace not counted.
    name = unique("role")
    doc = sized_trust_policy(2048)
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=doc)
    assert iam.get_role(RoleName=name)["Role"]["AssumeRolePolicyDocument"] == json.loads(doc)
    with aws_error("LimitExceeded", 409):
        iam.create_role(RoleName=unique("role"), AssumeRolePolicyDocument=sized_trust_policy(2049))
    with aws_error("LimitExceeded", 409):
        iam.update_assume_role_policy(RoleName=name, PolicyDocument=sized_trust_policy(2049))


def test_trust_policy_whitespace_not_counted(iam):
    doc = sized_trust_policy(2048)
    spaced = json.dumps(json.loads(doc), indent=4)
    assert len(spaced) > 2048
    iam.create_role(RoleName=unique("role"), AssumeRolePolicyDocument=spaced)


def test_list_roles_path_prefix_and_paging(iam):
    path = unique_path()
    names = {unique("role") for _ in range(5)}
    for name in names:
        iam.create_role(RoleName=name, Path=path, AssumeRolePolicyDocument=dumps(account_trust_doc()))
    iam.create_role(RoleName=unique("role"), Path=unique_path(), AssumeRolePolicyDocument=dumps(account_trust_doc()))

    resp = iam.list_roles(PathPrefix=path)
    assert {r["RoleName"] for r in resp["Roles"]} == names
    for role in resp["Roles"]:
        assert role["AssumeRolePolicyDocument"] == account_trust_doc()
        assert role["Arn"] == role_arn(role["RoleName"], path)

    first = iam.list_roles(PathPrefix=path, MaxItems=3)
    assert len(first["Roles"]) == 3 and first["IsTruncated"] is True
    second = iam.list_roles(PathPrefix=path, MaxItems=3, Marker=first["Marker"])
    assert len(second["Roles"]) == 2 and second["IsTruncated"] is False
    assert {r["RoleName"] for r in first["Roles"] + second["Roles"]} == names


def test_create_role_with_tags(iam):
    name = unique("role")
    tags = [{"Key": "owner", "Value": "e2e"}]
    role = iam.create_role(RoleName=name, AssumeRolePolicyDocument=dumps(account_trust_doc()), Tags=tags)["Role"]
    assert role["Tags"] == tags
    assert iam.get_role(RoleName=name)["Role"]["Tags"] == tags


def test_delete_role(iam, make_role):
    name, _ = make_role()
    iam.delete_role(RoleName=name)
    with aws_error("NoSuchEntity", 404):
        iam.get_role(RoleName=name)
    with aws_error("NoSuchEntity", 404):
        iam.delete_role(RoleName=name)


def test_delete_role_with_attached_policy_conflicts(iam, make_role):
    name, _ = make_role(policy_arns=[ADMIN_POLICY])
    with aws_error("DeleteConflict", 409):
        iam.delete_role(RoleName=name)
    iam.detach_role_policy(RoleName=name, PolicyArn=ADMIN_POLICY)
    iam.delete_role(RoleName=name)


def test_delete_role_with_inline_policy_conflicts(iam, make_role):
    name, _ = make_role()
    iam.put_role_policy(RoleName=name, PolicyName="inline", PolicyDocument=dumps(allow_doc()))
    with aws_error("DeleteConflict", 409):
        iam.delete_role(RoleName=name)
    iam.delete_role_policy(RoleName=name, PolicyName="inline")
    iam.delete_role(RoleName=name)

"""Permissions boundaries: Put/Delete User and Role PermissionsBoundary; GetUser/GetRole show them."""

import json

import pytest

from e2e_helpers import (
    ADMIN_POLICY, READONLY_POLICY, account_trust_doc, allow_doc, aws_error, dumps, policy_arn,
    unique,
)

BOUNDARY_TYPE = "PermissionsBoundaryPolicy"


def _local_policy(iam):
    return iam.create_policy(PolicyName=unique("bnd"), PolicyDocument=json.dumps(allow_doc()))["Policy"]["Arn"]


def test_put_and_delete_user_permissions_boundary(iam, make_user):
    name, _ = make_user(with_key=False)
    assert "PermissionsBoundary" not in iam.get_user(UserName=name)["User"]
    boundary = _local_policy(iam)
    iam.put_user_permissions_boundary(UserName=name, PermissionsBoundary=boundary)
    user = iam.get_user(UserName=name)["User"]
    assert user["PermissionsBoundary"] == {"PermissionsBoundaryType": BOUNDARY_TYPE,
                                           "PermissionsBoundaryArn": boundary}
    policy = iam.get_policy(PolicyArn=boundary)["Policy"]
    assert policy["PermissionsBoundaryUsageCount"] == 1
    assert policy["AttachmentCount"] == 0
    assert iam.list_attached_user_policies(UserName=name)["AttachedPolicies"] == []

    iam.delete_user_permissions_boundary(UserName=name)
    assert "PermissionsBoundary" not in iam.get_user(UserName=name)["User"]
    assert iam.get_policy(PolicyArn=boundary)["Policy"]["PermissionsBoundaryUsageCount"] == 0


def test_user_boundary_is_replaced_not_added(iam, make_user):
    name, _ = make_user(with_key=False)
    iam.put_user_permissions_boundary(UserName=name, PermissionsBoundary=ADMIN_POLICY)
    iam.put_user_permissions_boundary(UserName=name, PermissionsBoundary=READONLY_POLICY)
    assert iam.get_user(UserName=name)["User"]["PermissionsBoundary"]["PermissionsBoundaryArn"] == READONLY_POLICY


def test_create_user_with_boundary(iam):
    name = unique("user")
    created = iam.create_user(UserName=name, PermissionsBoundary=READONLY_POLICY)["User"]
    expected = {"PermissionsBoundaryType": BOUNDARY_TYPE, "PermissionsBoundaryArn": READONLY_POLICY}
    assert created["PermissionsBoundary"] == expected
    assert iam.get_user(UserName=name)["User"]["PermissionsBoundary"] == expected


def test_user_boundary_errors(iam, make_user):
    name, _ = make_user(with_key=False)
    with aws_error("NoSuchEntity", 404):
        iam.put_user_permissions_boundary(UserName=name, PermissionsBoundary=policy_arn(unique("ghost")))
    with aws_error("NoSuchEntity", 404):
        iam.put_user_permissions_boundary(UserName=unique("ghost"), PermissionsBoundary=ADMIN_POLICY)
    with aws_error("NoSuchEntity", 404):
        iam.delete_user_permissions_boundary(UserName=unique("ghost"))
    with aws_error("NoSuchEntity", 404):
        iam.create_user(UserName=unique("user"), PermissionsBoundary=policy_arn(unique("ghost")))
    assert "PermissionsBoundary" not in iam.get_user(UserName=name)["User"]


def test_put_and_delete_role_permissions_boundary(iam, make_role):
    name, _ = make_role()
    assert "PermissionsBoundary" not in iam.get_role(RoleName=name)["Role"]
    boundary = _local_policy(iam)
    iam.put_role_permissions_boundary(RoleName=name, PermissionsBoundary=boundary)
    assert iam.get_role(RoleName=name)["Role"]["PermissionsBoundary"] == {
        "PermissionsBoundaryType": BOUNDARY_TYPE, "PermissionsBoundaryArn": boundary}
    assert iam.get_policy(PolicyArn=boundary)["Policy"]["PermissionsBoundaryUsageCount"] == 1
    iam.delete_role_permissions_boundary(RoleName=name)
    assert "PermissionsBoundary" not in iam.get_role(RoleName=name)["Role"]


def test_create_role_with_boundary(iam):
    name = unique("role")
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=dumps(account_trust_doc()),
                    PermissionsBoundary=ADMIN_POLICY)
    assert iam.get_role(RoleName=name)["Role"]["PermissionsBoundary"]["PermissionsBoundaryArn"] == ADMIN_POLICY


def test_role_boundary_errors(iam, make_role):
    name, _ = make_role()
    with aws_error("NoSuchEntity", 404):
        iam.put_role_permissions_boundary(RoleName=name, PermissionsBoundary=policy_arn(unique("ghost")))
    with aws_error("NoSuchEntity", 404):
        iam.put_role_permissions_boundary(RoleName=unique("ghost"), PermissionsBoundary=ADMIN_POLICY)
    with aws_error("NoSuchEntity", 404):
        iam.delete_role_permissions_boundary(RoleName=unique("ghost"))


def test_list_entities_for_policy_used_as_boundary(iam, make_user, make_role):
    boundary = _local_policy(iam)
    user, _ = make_user(with_key=False)
    role, _ = make_role()
    iam.put_user_permissions_boundary(UserName=user, PermissionsBoundary=boundary)
    iam.put_role_permissions_boundary(RoleName=role, PermissionsBoundary=boundary)
    as_boundary = iam.list_entities_for_policy(PolicyArn=boundary, PolicyUsageFilter="PermissionsBoundary")
    assert [u["UserName"] for u in as_boundary["PolicyUsers"]] == [user]
    assert [r["RoleName"] for r in as_boundary["PolicyRoles"]] == [role]
    as_permissions = iam.list_entities_for_policy(PolicyArn=boundary, PolicyUsageFilter="PermissionsPolicy")
    assert as_permissions["PolicyUsers"] == [] and as_permissions["PolicyRoles"] == []
    assert iam.get_policy(PolicyArn=boundary)["Policy"]["PermissionsBoundaryUsageCount"] == 2


def test_boundary_limits_an_administrator(iam, make_user, connect):
    name, session = make_user(policy_arns=[ADMIN_POLICY])
    iam.put_user_permissions_boundary(UserName=name, PermissionsBoundary=READONLY_POLICY)
    client = connect(session, "iam")
    client.list_users(MaxItems=1)
    with aws_error("AccessDenied", 403):
        client.create_user(UserName=unique("user"))

"""Who may call what.

Until the policy engine lands the rule is: root and principals holding AdministratorAccess
(directly, through a group, or as an assumed role) may act; everyone else gets AccessDenied
with AWS's message "User: <arn> is not authorized to perform: <action> on resource: <arn>".
The policy engine decides every request; these tests check the decisions AWS documents.
"""

import json

import pytest

from e2e_helpers import (
    ACCOUNT_ID, ADMIN_POLICY, IAM_FULL_ACCESS, READONLY_POLICY, allow_doc, aws_error, deny_doc, unique,
    user_arn,
)


def denied_prefix(principal_arn, action):
    return f"User: {principal_arn} is not authorized to perform: {action} on resource: "


def test_user_without_policies_cannot_list_users(make_user, connect):
    name, session = make_user()
    with aws_error("AccessDenied", 403) as err:
        connect(session, "iam").list_users()
    assert err.message.startswith(denied_prefix(user_arn(name), "iam:ListUsers"))
    assert f"on resource: arn:aws:iam::{ACCOUNT_ID}:user/" in err.message


def test_denied_message_names_the_target_resource(make_user, connect):
    name, session = make_user()
    other, _ = make_user(with_key=False)
    with aws_error("AccessDenied", 403) as err:
        connect(session, "iam").get_user(UserName=other)
    assert err.message.startswith(
        denied_prefix(user_arn(name), "iam:GetUser") + f"arn:aws:iam::{ACCOUNT_ID}:user/{other}")


def test_user_without_policies_cannot_write(make_user, connect, iam):
    name, session = make_user()
    target = unique("user")
    with aws_error("AccessDenied", 403) as err:
        connect(session, "iam").create_user(UserName=target)
    assert err.message.startswith(denied_prefix(user_arn(name), "iam:CreateUser"))
    with aws_error("NoSuchEntity", 404):
        iam.get_user(UserName=target)


def test_denied_request_has_request_id(make_user, connect):
    _, session = make_user()
    with aws_error("AccessDenied", 403) as err:
        connect(session, "iam").list_roles()
    assert err.request_id


def test_administrator_access_attached_to_user(make_user, connect):
    _, session = make_user(policy_arns=[ADMIN_POLICY])
    client = connect(session, "iam")
    client.list_users(MaxItems=1)
    name = unique("user")
    client.create_user(UserName=name)
    client.delete_user(UserName=name)


def test_administrator_access_through_a_group(make_user, make_group, connect, iam):
    name, session = make_user()
    client = connect(session, "iam")
    with aws_error("AccessDenied", 403):
        client.list_users(MaxItems=1)
    group = make_group(policy_arns=[ADMIN_POLICY])
    iam.add_user_to_group(GroupName=group, UserName=name)
    assert "Users" in client.list_users(MaxItems=1)
    iam.remove_user_from_group(GroupName=group, UserName=name)
    with aws_error("AccessDenied", 403):
        client.list_users(MaxItems=1)


def test_detaching_administrator_access_revokes(make_user, connect, iam):
    name, session = make_user(policy_arns=[ADMIN_POLICY])
    client = connect(session, "iam")
    client.list_users(MaxItems=1)
    iam.detach_user_policy(UserName=name, PolicyArn=ADMIN_POLICY)
    with aws_error("AccessDenied", 403):
        client.list_users(MaxItems=1)


def test_root_may_act(root_iam):
    name = unique("user")
    root_iam.create_user(UserName=name)
    assert root_iam.get_user(UserName=name)["User"]["UserName"] == name
    root_iam.delete_user(UserName=name)


def test_every_principal_may_call_get_caller_identity(make_user, connect):
    name, session = make_user()
    assert connect(session, "sts").get_caller_identity()["Arn"] == user_arn(name)


def test_role_with_administrator_access(make_role, sts, connect):
    _, arn = make_role(policy_arns=[ADMIN_POLICY])
    creds = sts.assume_role(RoleArn=arn, RoleSessionName="adm")["Credentials"]
    from e2e_helpers import session_from_credentials
    client = connect(session_from_credentials(creds), "iam")
    name = unique("user")
    client.create_user(UserName=name)
    client.delete_user(UserName=name)


def test_user_without_policies_cannot_manage_own_keys(make_user, connect):
    name, session = make_user()
    with aws_error("AccessDenied", 403) as err:
        connect(session, "iam").create_access_key()
    assert err.message.startswith(denied_prefix(user_arn(name), "iam:CreateAccessKey"))


# ---------------------------------------------------------------------------
# AWS behaviour that needs the policy engine
# ---------------------------------------------------------------------------
def test_read_only_access_allows_list_but_not_create(make_user, connect):
    _, session = make_user(policy_arns=[READONLY_POLICY])
    client = connect(session, "iam")
    client.list_users(MaxItems=1)
    with aws_error("AccessDenied", 403):
        client.create_user(UserName=unique("user"))


def test_iam_full_access(make_user, connect):
    _, session = make_user(policy_arns=[IAM_FULL_ACCESS])
    client = connect(session, "iam")
    name = unique("user")
    client.create_user(UserName=name)
    client.delete_user(UserName=name)


def test_inline_policy_grants_one_action(make_user, connect, iam):
    name, session = make_user()
    iam.put_user_policy(UserName=name, PolicyName="list", PolicyDocument=json.dumps(allow_doc("iam:ListUsers")))
    client = connect(session, "iam")
    client.list_users(MaxItems=1)
    with aws_error("AccessDenied", 403):
        client.list_roles(MaxItems=1)


def test_explicit_deny_beats_administrator_access(make_user, connect, iam):
    name, session = make_user(policy_arns=[ADMIN_POLICY])
    iam.put_user_policy(UserName=name, PolicyName="deny", PolicyDocument=json.dumps(deny_doc("iam:ListUsers")))
    client = connect(session, "iam")
    with aws_error("AccessDenied", 403) as err:
        client.list_users(MaxItems=1)
    assert "explicit deny" in err.message
    client.list_roles(MaxItems=1)

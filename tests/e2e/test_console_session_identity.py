"""Console sessions belong to the user's unique id, not its name: deleting the user ends them, a new
user of the same name does not inherit them, and renaming the user (the same user) keeps them."""

from __future__ import annotations

import pytest

from console_helpers import client_fixture, ConsoleClient, console_fixtures
from e2e_helpers import ACCOUNT_ID, ADMIN_POLICY, unique

PASSWORD = "Correct-Horse-9-Battery"
server, iam = console_fixtures("console-identity")
client = client_fixture("198.51.101")


def make_console_user(iam, name, policy_arns=()):
    iam.create_user(UserName=name)
    iam.create_login_profile(UserName=name, Password=PASSWORD)
    for arn in policy_arns:
        iam.attach_user_policy(UserName=name, PolicyArn=arn)


def signed_in_as(reply, name) -> bool:
    return reply.status == 200 and f"arn:aws:iam::{ACCOUNT_ID}:user/{name}<" in reply.text


def test_a_deleted_users_console_session_is_not_handed_to_a_new_user(client, iam):
    name = unique("console")
    make_console_user(iam, name)
    assert signed_in_as(client.sign_in(ACCOUNT_ID, name, PASSWORD), name)
    stolen = client.cookies["rampart-session"]
    iam.delete_login_profile(UserName=name)
    iam.delete_user(UserName=name)
    # The session is over: the sign-in page says so (and the browser forgets the cookie).
    assert client.get("/console").url.endswith("/console/signin?expired=session")
    # Another user, with administrator rights, now has the name: the old cookie is still worthless.
    make_console_user(iam, name, policy_arns=[ADMIN_POLICY])
    client.cookies["rampart-session"] = stolen
    reply = client.get("/console")
    assert reply.url.endswith("/console/signin?expired=session") and not signed_in_as(reply, name), reply.text


def test_a_renamed_user_stays_signed_in_under_the_new_name(client, iam):
    name, renamed = unique("console"), unique("renamed")
    make_console_user(iam, name)
    assert signed_in_as(client.sign_in(ACCOUNT_ID, name, PASSWORD), name)
    iam.update_user(UserName=name, NewUserName=renamed)
    assert signed_in_as(client.get("/console"), renamed)
    # And whoever takes the old name does not get the session.
    make_console_user(iam, name, policy_arns=[ADMIN_POLICY])
    assert signed_in_as(client.get("/console"), renamed)

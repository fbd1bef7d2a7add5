"""Temporary credentials belong to a principal's unique id, not its name, and have exactly one token.

Each test is an attack that worked before: a session outliving the user or role it was issued to,
picking up the permissions of a new entity created under the same name (without passing the new
role's trust policy), and a session token still accepted after its base64 was respelled.
"""

from __future__ import annotations

import base64

from e2e_helpers import (
    ADMIN_POLICY, ROOT_ARN, aws_error, dumps, session_from_credentials, session_from_key, trust_doc, unique,
    user_arn,
)

TOKEN_PREFIX = "RPv1"


def refused(client_call):
    """The credential itself is refused, as AWS refuses a token it does not recognize."""
    with aws_error("InvalidClientTokenId", 403):
        client_call()


def user_session(iam, connect, name, policy_arns=()):
    """A new user `name` with a key, and a GetSessionToken session of it; returns (key, sts session)."""
    iam.create_user(UserName=name)
    for arn in policy_arns:
        iam.attach_user_policy(UserName=name, PolicyArn=arn)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    creds = connect(session_from_key(key), "sts").get_session_token()["Credentials"]
    return key, session_from_credentials(creds)


def delete_user(iam, name, key_id):
    iam.delete_access_key(UserName=name, AccessKeyId=key_id)
    for arn in [p["PolicyArn"] for p in iam.list_attached_user_policies(UserName=name)["AttachedPolicies"]]:
        iam.detach_user_policy(UserName=name, PolicyArn=arn)
    iam.delete_user(UserName=name)


# ---------------------------------------------------------------------------
# Role sessions
# ---------------------------------------------------------------------------
def test_a_deleted_roles_session_is_refused(iam, sts, connect, make_role):
    name, arn = make_role()
    session = session_from_credentials(sts.assume_role(RoleArn=arn, RoleSessionName="s1")["Credentials"])
    assert connect(session, "sts").get_caller_identity()["Arn"].endswith(f":assumed-role/{name}/s1")
    iam.delete_role(RoleName=name)
    refused(connect(session, "sts").get_caller_identity)


def test_a_role_recreated_under_the_name_gives_old_sessions_nothing(iam, sts, connect, make_role):
    name, arn = make_role()
    old = session_from_credentials(sts.assume_role(RoleArn=arn, RoleSessionName="old")["Credentials"])
    with aws_error("AccessDenied"):
        connect(old, "iam").list_users(MaxItems=1)
    iam.delete_role(RoleName=name)
    # The new role has administrator rights and trusts nobody the old session could be.
    outsider = unique("outsider")
    iam.create_user(UserName=outsider)
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=dumps(trust_doc(user_arn(outsider))))
    iam.attach_role_policy(RoleName=name, PolicyArn=ADMIN_POLICY)
    refused(lambda: connect(old, "iam").list_users(MaxItems=1))
    refused(connect(old, "sts").get_caller_identity)
    # Going through the front door the old session's role is refused too: it is not trusted.
    with aws_error("AccessDenied"):
        sts.assume_role(RoleArn=arn, RoleSessionName="again")


def test_a_role_session_survives_changes_to_its_role(iam, sts, connect, make_role):
    name, arn = make_role()
    session = session_from_credentials(sts.assume_role(RoleArn=arn, RoleSessionName="s1")["Credentials"])
    iam.attach_role_policy(RoleName=name, PolicyArn=ADMIN_POLICY)
    iam.update_role(RoleName=name, Description="changed")
    assert connect(session, "iam").list_users(MaxItems=1)["Users"]


# ---------------------------------------------------------------------------
# User sessions (GetSessionToken)
# ---------------------------------------------------------------------------
# A GetSessionToken session without MFA may not call IAM at all (InvalidClientTokenId whoever holds the
# name), but it may call sts:AssumeRole with its user's rights: that is where a new user's rights would show.
def test_a_deleted_users_session_is_refused_and_not_handed_to_a_new_user(iam, connect, make_role):
    _, role = make_role()
    name = unique("user")
    key, session = user_session(iam, connect, name)
    assert connect(session, "sts").get_caller_identity()["Arn"] == user_arn(name)
    with aws_error("AccessDenied"):
        connect(session, "sts").assume_role(RoleArn=role, RoleSessionName="s1")
    delete_user(iam, name, key["AccessKeyId"])
    refused(connect(session, "sts").get_caller_identity)
    # A new user of the same name is another principal, with its own (administrator) rights.
    new_key, _ = user_session(iam, connect, name, policy_arns=[ADMIN_POLICY])
    refused(lambda: connect(session, "sts").assume_role(RoleArn=role, RoleSessionName="s1"))
    refused(connect(session, "sts").get_caller_identity)
    delete_user(iam, name, new_key["AccessKeyId"])


def test_a_renamed_users_session_does_not_pass_to_the_next_holder_of_the_name(iam, connect, make_role):
    _, role = make_role()
    name, renamed = unique("user"), unique("renamed")
    key, session = user_session(iam, connect, name)
    iam.update_user(UserName=name, NewUserName=renamed)
    new_key, _ = user_session(iam, connect, name, policy_arns=[ADMIN_POLICY])
    refused(lambda: connect(session, "sts").assume_role(RoleArn=role, RoleSessionName="s1"))
    # The renamed user's long-term key follows it: same user, new name.
    assert connect(session_from_key(key), "sts").get_caller_identity()["Arn"] == user_arn(renamed)
    delete_user(iam, name, new_key["AccessKeyId"])


def test_an_access_key_does_not_outlive_or_pass_to_a_recreated_user(iam, connect):
    name = unique("user")
    iam.create_user(UserName=name)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    with aws_error("DeleteConflict", 409):
        iam.delete_user(UserName=name)
    delete_user(iam, name, key["AccessKeyId"])
    iam.create_user(UserName=name)
    iam.attach_user_policy(UserName=name, PolicyArn=ADMIN_POLICY)
    refused(connect(session_from_key(key), "sts").get_caller_identity)


# ---------------------------------------------------------------------------
# Root sessions
# ---------------------------------------------------------------------------
def test_root_sessions_are_root_and_a_user_named_root_is_not(iam, root_sts, connect):
    root_session = session_from_credentials(root_sts.get_session_token()["Credentials"])
    key, user_root = user_session(iam, connect, "root")
    try:
        assert connect(user_root, "sts").get_caller_identity()["Arn"] == user_arn("root")
        assert connect(root_session, "sts").get_caller_identity()["Arn"] == ROOT_ARN
    finally:
        delete_user(iam, "root", key["AccessKeyId"])
    # The user named root is gone and so is its session; the account's root session is untouched.
    refused(connect(user_root, "sts").get_caller_identity)
    assert connect(root_session, "sts").get_caller_identity()["Arn"] == ROOT_ARN


# ---------------------------------------------------------------------------
# One token per session
# ---------------------------------------------------------------------------
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def respellings(token: str) -> list[str]:
    """Other spellings of the same bytes that a lenient base64 decoder accepts: the last
    character with other values in its unused low bits, and an extra `=`."""
    assert token.startswith(TOKEN_PREFIX)
    body = token[len(TOKEN_PREFIX):]
    data = base64.b64decode(body, validate=True)
    assert base64.b64encode(data).decode() == body
    variants = [token + "=", token + "=="]
    unused_bits = {0: 0, 1: 4, 2: 2}[len(data) % 3]
    if unused_bits:
        stripped = body.rstrip("=")
        last = ALPHABET.index(stripped[-1])
        padding = body[len(stripped):]
        for low in range(1, 1 << unused_bits):
            respelled = stripped[:-1] + ALPHABET[last | low] + padding
            assert base64.b64decode(respelled) == data
            variants.append(TOKEN_PREFIX + respelled)
    return variants


def test_a_respelled_session_token_is_refused(iam, connect):
    name = unique("tok")
    key, _ = user_session(iam, connect, name)
    long_term = connect(session_from_key(key), "sts")
    residues = set()
    # The sealed length varies with the secret's JSON escaping; enough tokens give every length modulo 3,
    # so both kinds of spare padding bits (and none) are tried.
    for _ in range(60):
        creds = long_term.get_session_token()["Credentials"]
        token = creds["SessionToken"]
        residue = len(base64.b64decode(token[len(TOKEN_PREFIX):])) % 3
        if residue in residues:
            continue
        residues.add(residue)
        assert connect(session_from_credentials(creds), "sts").get_caller_identity()["Arn"] == user_arn(name)
        for variant in respellings(token):
            forged = {**creds, "SessionToken": variant}
            refused(connect(session_from_credentials(forged), "sts").get_caller_identity)
        if len(residues) == 3:
            break
    delete_user(iam, name, key["AccessKeyId"])
    assert residues == {0, 1, 2}

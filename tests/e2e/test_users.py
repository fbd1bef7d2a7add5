"""IAM users: CreateUser GetUser ListUsers UpdateUser DeleteUser."""

import datetime as dt

import pytest

from e2e_helpers import (
    ACCOUNT_ID, ADMIN_POLICY, ROOT_ARN, STRONG_PASSWORD, allow_doc, aws_error, dumps, session_from_key, unique,
    unique_path, user_arn, utcnow,
)


def test_create_user_returns_the_user(iam):
    name = unique("user")
    before = utcnow() - dt.timedelta(seconds=60)
    user = iam.create_user(UserName=name)["User"]
    assert user["UserName"] == name
    assert user["Path"] == "/"
    assert user["Arn"] == user_arn(name)
    assert user["UserId"].startswith("AIDA") and len(user["UserId"]) == 21
    assert user["UserId"][4:].isalnum() and user["UserId"].isupper()
    assert before <= user["CreateDate"] <= utcnow() + dt.timedelta(seconds=60)
    assert "PasswordLastUsed" not in user


def test_create_user_with_path_and_tags(iam):
    name, path = unique("user"), unique_path()
    tags = [{"Key": "team", "Value": "blue"}, {"Key": "env", "Value": ""}]
    user = iam.create_user(UserName=name, Path=path, Tags=tags)["User"]
    assert user["Path"] == path
    assert user["Arn"] == user_arn(name, path)
    assert sorted(user["Tags"], key=lambda t: t["Key"]) == sorted(tags, key=lambda t: t["Key"])
    got = iam.get_user(UserName=name)["User"]
    assert got["Path"] == path and got["Arn"] == user_arn(name, path)
    assert {t["Key"]: t["Value"] for t in got["Tags"]} == {"team": "blue", "env": ""}


def test_get_user_by_name_matches_create(iam):
    name = unique("user")
    created = iam.create_user(UserName=name)["User"]
    got = iam.get_user(UserName=name)["User"]
    for field in ("UserName", "UserId", "Arn", "Path", "CreateDate"):
        assert got[field] == created[field]


def test_user_ids_are_unique(iam):
    ids = {iam.create_user(UserName=unique("user"))["User"]["UserId"] for _ in range(3)}
    assert len(ids) == 3


def test_get_user_without_name_is_the_caller(iam):
    user = iam.get_user()["User"]
    assert user["UserName"] == "admin"
    assert user["Arn"] == user_arn("admin")
    assert user["UserId"].startswith("AIDA")


def test_get_user_without_name_for_another_user(make_user, connect):
    name, session = make_user(policy_arns=[ADMIN_POLICY])
    user = connect(session, "iam").get_user()["User"]
    assert user["UserName"] == name
    assert user["Arn"] == user_arn(name)


def test_get_user_without_name_as_root(root_iam):
    # AWS: GetUser with root credentials describes the root user (ARN ...:root, UserId = account id).
    user = root_iam.get_user()["User"]
    assert user["Arn"] == ROOT_ARN
    assert user["UserId"] == ACCOUNT_ID


def test_get_unknown_user_is_no_such_entity(iam):
    name = unique("ghost")
    with aws_error("NoSuchEntity", 404) as err:
        iam.get_user(UserName=name)
    assert err.message == f"The user with name {name} cannot be found."


def test_duplicate_user_name(iam):
    name = unique("user")
    iam.create_user(UserName=name)
    with aws_error("EntityAlreadyExists", 409) as err:
        iam.create_user(UserName=name)
    assert name in err.message


def test_user_names_are_case_insensitive(iam):
    suffix = unique("x")
    iam.create_user(UserName=f"Alice-{suffix}")
    with aws_error("EntityAlreadyExists", 409):
        iam.create_user(UserName=f"alice-{suffix}")
    with aws_error("EntityAlreadyExists", 409):
        iam.create_user(UserName=f"ALICE-{suffix}".upper())


def test_user_name_of_64_characters_is_accepted(iam):
    name = unique("u") + "x" * 64
    name = name[:64]
    assert len(name) == 64
    assert iam.create_user(UserName=name)["User"]["UserName"] == name
    assert iam.get_user(UserName=name)["User"]["UserName"] == name


def test_user_name_of_65_characters_is_rejected(iam):
    name = (unique("u") + "x" * 65)[:65]
    with aws_error("ValidationError", 400):
        iam.create_user(UserName=name)
    with aws_error("NoSuchEntity", 404):
        iam.get_user(UserName=name[:64])


def test_user_name_allowed_punctuation(iam):
    name = "p+=,.@_-" + unique("u")
    assert iam.create_user(UserName=name)["User"]["UserName"] == name


@pytest.mark.parametrize("bad", ["has space", "has/slash", "bang!", "hash#tag", "star*", "ünicode", ""])
def test_user_name_invalid_characters_rejected(iam, bad):
    name = bad if bad == "" else f"{bad}{unique('u')[:20]}"
    with aws_error("ValidationError", 400):
        iam.create_user(UserName=name)


@pytest.mark.parametrize("path", ["noslash", "/no-trailing-slash", "no-leading/", "/" + "a" * 511 + "/"])
def test_invalid_user_path_rejected(iam, path):
    with aws_error("ValidationError", 400):
        iam.create_user(UserName=unique("user"), Path=path)


def test_path_of_512_characters_is_accepted(iam):
    path = "/" + "p" * 510 + "/"
    assert len(path) == 512
    user = iam.create_user(UserName=unique("user"), Path=path)["User"]
    assert user["Path"] == path


def test_list_users_path_prefix(iam):
    prefix = unique_path()
    inside = {unique("user") for _ in range(2)}
    for name in inside:
        iam.create_user(UserName=name, Path=prefix)
    nested = unique("user")
    iam.create_user(UserName=nested, Path=prefix + "deeper/")
    outside = unique("user")
    iam.create_user(UserName=outside, Path=unique_path())
    resp = iam.list_users(PathPrefix=prefix)
    names = {u["UserName"] for u in resp["Users"]}
    assert names == inside | {nested}
    assert resp["IsTruncated"] is False
    assert "Marker" not in resp


def test_list_users_includes_admin(iam):
    names = {u["UserName"] for page in iam.get_paginator("list_users").paginate() for u in page["Users"]}
    assert "admin" in names
    for page in iam.get_paginator("list_users").paginate(PathPrefix="/"):
        for user in page["Users"]:
            assert set(user) >= {"UserName", "UserId", "Arn", "Path", "CreateDate"}


def test_list_users_paging_with_marker(iam):
    prefix = unique_path()
    names = {unique("page") for _ in range(7)}
    for name in names:
        iam.create_user(UserName=name, Path=prefix)

    seen, pages = [], []
    resp = iam.list_users(PathPrefix=prefix, MaxItems=3)
    while True:
        pages.append(len(resp["Users"]))
        seen += [u["UserName"] for u in resp["Users"]]
        if not resp["IsTruncated"]:
            assert "Marker" not in resp
            break
        assert resp["Marker"]
        resp = iam.list_users(PathPrefix=prefix, MaxItems=3, Marker=resp["Marker"])
    assert pages == [3, 3, 1]
    assert len(seen) == 7 and set(seen) == names


def test_list_users_exact_page_is_not_truncated(iam):
    prefix = unique_path()
    for _ in range(3):
        iam.create_user(UserName=unique("user"), Path=prefix)
    resp = iam.list_users(PathPrefix=prefix, MaxItems=3)
    assert len(resp["Users"]) == 3
    assert resp["IsTruncated"] is False


@pytest.mark.parametrize("max_items", [0, 1001])
def test_list_users_max_items_out_of_range(iam, max_items):
    with aws_error("ValidationError", 400):
        iam.list_users(MaxItems=max_items)


def test_list_users_max_items_1000_is_accepted(iam):
    assert "Users" in iam.list_users(MaxItems=1000)


def test_update_user_rename(iam, make_group, connect):
    old, path = unique("old"), unique_path()
    created = iam.create_user(UserName=old, Path=path)["User"]
    group = make_group(members=[old])
    key = iam.create_access_key(UserName=old)["AccessKey"]
    iam.attach_user_policy(UserName=old, PolicyArn=ADMIN_POLICY)

    new = unique("new")
    iam.update_user(UserName=old, NewUserName=new)

    with aws_error("NoSuchEntity", 404):
        iam.get_user(UserName=old)
    user = iam.get_user(UserName=new)["User"]
    assert user["UserId"] == created["UserId"]
    assert user["Path"] == path
    assert user["Arn"] == user_arn(new, path)
    assert [g["GroupName"] for g in iam.list_groups_for_user(UserName=new)["Groups"]] == [group]
    assert [k["AccessKeyId"] for k in iam.list_access_keys(UserName=new)["AccessKeyMetadata"]] == [key["AccessKeyId"]]
    assert [p["PolicyArn"] for p in iam.list_attached_user_policies(UserName=new)["AttachedPolicies"]] == [ADMIN_POLICY]
    assert [u["UserName"] for u in iam.get_group(GroupName=group)["Users"]] == [new]

    ident = connect(session_from_key(key), "sts").get_caller_identity()
    assert ident["Arn"] == user_arn(new, path)
    assert ident["UserId"] == created["UserId"]


def test_update_user_new_path(iam):
    name = unique("user")
    iam.create_user(UserName=name)
    new_path = unique_path()
    iam.update_user(UserName=name, NewPath=new_path)
    user = iam.get_user(UserName=name)["User"]
    assert user["Path"] == new_path
    assert user["Arn"] == user_arn(name, new_path)
    assert name in {u["UserName"] for u in iam.list_users(PathPrefix=new_path)["Users"]}


def test_update_user_rename_and_path_together(iam):
    name, new, path = unique("user"), unique("user"), unique_path()
    iam.create_user(UserName=name)
    iam.update_user(UserName=name, NewUserName=new, NewPath=path)
    assert iam.get_user(UserName=new)["User"]["Arn"] == user_arn(new, path)


def test_update_user_to_existing_name(iam):
    a, b = unique("user"), unique("user")
    iam.create_user(UserName=a)
    iam.create_user(UserName=b)
    with aws_error("EntityAlreadyExists", 409):
        iam.update_user(UserName=a, NewUserName=b)
    with aws_error("EntityAlreadyExists", 409):
        iam.update_user(UserName=a, NewUserName=b.upper())
    assert iam.get_user(UserName=a)["User"]["UserName"] == a


def test_update_unknown_user(iam):
    with aws_error("NoSuchEntity", 404):
        iam.update_user(UserName=unique("ghost"), NewPath="/x/")


def test_update_user_invalid_new_name(iam):
    name = unique("user")
    iam.create_user(UserName=name)
    with aws_error("ValidationError", 400):
        iam.update_user(UserName=name, NewUserName="x" * 65)
    with aws_error("ValidationError", 400):
        iam.update_user(UserName=name, NewUserName="bad name")


def test_delete_user(iam):
    name = unique("user")
    iam.create_user(UserName=name)
    iam.delete_user(UserName=name)
    with aws_error("NoSuchEntity", 404):
        iam.get_user(UserName=name)
    with aws_error("NoSuchEntity", 404):
        iam.delete_user(UserName=name)
    assert name not in {u["UserName"] for p in iam.get_paginator("list_users").paginate() for u in p["Users"]}


def test_recreated_user_gets_a_new_id(iam):
    name = unique("user")
    first = iam.create_user(UserName=name)["User"]["UserId"]
    iam.delete_user(UserName=name)
    second = iam.create_user(UserName=name)["User"]["UserId"]
    assert first != second


def _attach(iam, name, kind, ctx):
    if kind == "login-profile":
        iam.create_login_profile(UserName=name, Password=STRONG_PASSWORD)
        return lambda: iam.delete_login_profile(UserName=name)
    if kind == "access-key":
        key = iam.create_access_key(UserName=name)["AccessKey"]["AccessKeyId"]
        return lambda: iam.delete_access_key(UserName=name, AccessKeyId=key)
    if kind == "inline-policy":
        iam.put_user_policy(UserName=name, PolicyName="inline", PolicyDocument=dumps(allow_doc()))
        return lambda: iam.delete_user_policy(UserName=name, PolicyName="inline")
    if kind == "attached-policy":
        iam.attach_user_policy(UserName=name, PolicyArn=ADMIN_POLICY)
        return lambda: iam.detach_user_policy(UserName=name, PolicyArn=ADMIN_POLICY)
    if kind == "group-membership":
        group = ctx()
        iam.add_user_to_group(GroupName=group, UserName=name)
        return lambda: iam.remove_user_from_group(GroupName=group, UserName=name)
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["login-profile", "access-key", "inline-policy", "attached-policy",
                                  "group-membership"])
def test_delete_user_conflicts_until_dependency_removed(iam, make_group, kind):
    name = unique("user")
    iam.create_user(UserName=name)
    remove = _attach(iam, name, kind, make_group)
    with aws_error("DeleteConflict", 409):
        iam.delete_user(UserName=name)
    assert iam.get_user(UserName=name)["User"]["UserName"] == name
    remove()
    iam.delete_user(UserName=name)
    with aws_error("NoSuchEntity", 404):
        iam.get_user(UserName=name)


def test_delete_user_with_everything_then_cleanup(iam, make_group):
    name = unique("user")
    iam.create_user(UserName=name)
    removers = [_attach(iam, name, kind, make_group)
                for kind in ("login-profile", "access-key", "inline-policy", "attached-policy", "group-membership")]
    for remove in removers:
        with aws_error("DeleteConflict", 409):
            iam.delete_user(UserName=name)
        remove()
    iam.delete_user(UserName=name)


def test_deleted_users_key_no_longer_authenticates(iam, make_user, connect):
    name, session = make_user(policy_arns=[ADMIN_POLICY])
    sts = connect(session, "sts")
    assert sts.get_caller_identity()["Arn"] == user_arn(name)
    key_id = session.get_credentials().access_key
    iam.delete_access_key(UserName=name, AccessKeyId=key_id)
    iam.detach_user_policy(UserName=name, PolicyArn=ADMIN_POLICY)
    iam.delete_user(UserName=name)
    with aws_error("InvalidClientTokenId", 403):
        sts.get_caller_identity()

"""IAM groups: CreateGroup GetGroup ListGroups UpdateGroup DeleteGroup AddUserToGroup
RemoveUserFromGroup ListGroupsForUser."""

import pytest

from e2e_helpers import (
    ADMIN_POLICY, allow_doc, aws_error, dumps, group_arn, unique, unique_path, user_arn,
)


def test_create_group_returns_the_group(iam):
    name = unique("grp")
    group = iam.create_group(GroupName=name)["Group"]
    assert group["GroupName"] == name
    assert group["Path"] == "/"
    assert group["Arn"] == group_arn(name)
    assert group["GroupId"].startswith("AGPA") and len(group["GroupId"]) == 21
    assert "CreateDate" in group


def test_create_group_with_path(iam):
    name, path = unique("grp"), unique_path()
    group = iam.create_group(GroupName=name, Path=path)["Group"]
    assert group["Arn"] == group_arn(name, path)
    assert iam.get_group(GroupName=name)["Group"]["Path"] == path


def test_duplicate_group_is_case_insensitive(iam):
    name = unique("Grp")
    iam.create_group(GroupName=name)
    with aws_error("EntityAlreadyExists", 409):
        iam.create_group(GroupName=name)
    with aws_error("EntityAlreadyExists", 409):
        iam.create_group(GroupName=name.lower())


def test_group_name_length_edges(iam):
    ok = (unique("g") + "x" * 128)[:128]
    assert iam.create_group(GroupName=ok)["Group"]["GroupName"] == ok
    with aws_error("ValidationError", 400):
        iam.create_group(GroupName=(unique("g") + "x" * 129)[:129])


@pytest.mark.parametrize("bad", ["with space", "slash/", "bang!"])
def test_group_name_invalid_characters(iam, bad):
    with aws_error("ValidationError", 400):
        iam.create_group(GroupName=bad + unique("g"))


def test_get_group_lists_members(iam, make_user):
    name = unique("grp")
    created = iam.create_group(GroupName=name)["Group"]
    resp = iam.get_group(GroupName=name)
    assert resp["Group"]["GroupId"] == created["GroupId"]
    assert resp["Users"] == []
    assert resp["IsTruncated"] is False

    members = {make_user(with_key=False)[0] for _ in range(2)}
    for user in members:
        iam.add_user_to_group(GroupName=name, UserName=user)
    resp = iam.get_group(GroupName=name)
    assert {u["UserName"] for u in resp["Users"]} == members
    for user in resp["Users"]:
        assert user["Arn"] == user_arn(user["UserName"])
        assert user["UserId"].startswith("AIDA")


def test_get_group_paging(iam, make_user):
    name = unique("grp")
    iam.create_group(GroupName=name)
    members = {make_user(with_key=False)[0] for _ in range(3)}
    for user in members:
        iam.add_user_to_group(GroupName=name, UserName=user)
    first = iam.get_group(GroupName=name, MaxItems=2)
    assert len(first["Users"]) == 2 and first["IsTruncated"] is True and first["Marker"]
    second = iam.get_group(GroupName=name, MaxItems=2, Marker=first["Marker"])
    assert len(second["Users"]) == 1 and second["IsTruncated"] is False
    assert {u["UserName"] for u in first["Users"] + second["Users"]} == members


def test_get_unknown_group(iam):
    name = unique("ghost")
    with aws_error("NoSuchEntity", 404) as err:
        iam.get_group(GroupName=name)
    assert err.message == f"The group with name {name} cannot be found."


def test_list_groups_path_prefix_and_paging(iam):
    path = unique_path()
    names = {unique("grp") for _ in range(5)}
    for name in names:
        iam.create_group(GroupName=name, Path=path)
    iam.create_group(GroupName=unique("grp"), Path=unique_path())
    assert {g["GroupName"] for g in iam.list_groups(PathPrefix=path)["Groups"]} == names

    seen, sizes, marker = [], [], None
    while True:
        kwargs = {"PathPrefix": path, "MaxItems": 2}
        if marker:
            kwargs["Marker"] = marker
        resp = iam.list_groups(**kwargs)
        sizes.append(len(resp["Groups"]))
        seen += [g["GroupName"] for g in resp["Groups"]]
        if not resp["IsTruncated"]:
            break
        marker = resp["Marker"]
    assert sizes == [2, 2, 1]
    assert sorted(seen) == sorted(names)


def test_update_group_rename_keeps_members_and_policies(iam, make_user):
    old, path = unique("grp"), unique_path()
    created = iam.create_group(GroupName=old, Path=path)["Group"]
    user, _ = make_user(with_key=False)
    iam.add_user_to_group(GroupName=old, UserName=user)
    iam.attach_group_policy(GroupName=old, PolicyArn=ADMIN_POLICY)
    iam.put_group_policy(GroupName=old, PolicyName="inline", PolicyDocument=dumps(allow_doc()))

    new = unique("grp")
    iam.update_group(GroupName=old, NewGroupName=new)
    with aws_error("NoSuchEntity", 404):
        iam.get_group(GroupName=old)
    resp = iam.get_group(GroupName=new)
    assert resp["Group"]["GroupId"] == created["GroupId"]
    assert resp["Group"]["Arn"] == group_arn(new, path)
    assert [u["UserName"] for u in resp["Users"]] == [user]
    assert [g["GroupName"] for g in iam.list_groups_for_user(UserName=user)["Groups"]] == [new]
    assert [p["PolicyArn"] for p in iam.list_attached_group_policies(GroupName=new)["AttachedPolicies"]] == [ADMIN_POLICY]
    assert iam.list_group_policies(GroupName=new)["PolicyNames"] == ["inline"]


def test_update_group_path(iam):
    name, path = unique("grp"), unique_path()
    iam.create_group(GroupName=name)
    iam.update_group(GroupName=name, NewPath=path)
    group = iam.get_group(GroupName=name)["Group"]
    assert group["Path"] == path and group["Arn"] == group_arn(name, path)


def test_update_group_conflicts_and_unknown(iam):
    a, b = unique("grp"), unique("grp")
    iam.create_group(GroupName=a)
    iam.create_group(GroupName=b)
    with aws_error("EntityAlreadyExists", 409):
        iam.update_group(GroupName=a, NewGroupName=b)
    with aws_error("NoSuchEntity", 404):
        iam.update_group(GroupName=unique("ghost"), NewGroupName=unique("grp"))


def test_delete_group(iam):
    name = unique("grp")
    iam.create_group(GroupName=name)
    iam.delete_group(GroupName=name)
    with aws_error("NoSuchEntity", 404):
        iam.get_group(GroupName=name)
    with aws_error("NoSuchEntity", 404):
        iam.delete_group(GroupName=name)


def test_delete_group_with_members_conflicts(iam, make_user):
    name = unique("grp")
    iam.create_group(GroupName=name)
    user, _ = make_user(with_key=False)
    iam.add_user_to_group(GroupName=name, UserName=user)
    with aws_error("DeleteConflict", 409):
        iam.delete_group(GroupName=name)
    iam.remove_user_from_group(GroupName=name, UserName=user)
    iam.delete_group(GroupName=name)


def test_delete_group_with_attached_policy_conflicts(iam):
    name = unique("grp")
    iam.create_group(GroupName=name)
    iam.attach_group_policy(GroupName=name, PolicyArn=ADMIN_POLICY)
    with aws_error("DeleteConflict", 409):
        iam.delete_group(GroupName=name)
    iam.detach_group_policy(GroupName=name, PolicyArn=ADMIN_POLICY)
    iam.delete_group(GroupName=name)


def test_delete_group_with_inline_policy_conflicts(iam):
    name = unique("grp")
    iam.create_group(GroupName=name)
    iam.put_group_policy(GroupName=name, PolicyName="p", PolicyDocument=dumps(allow_doc()))
    with aws_error("DeleteConflict", 409):
        iam.delete_group(GroupName=name)
    iam.delete_group_policy(GroupName=name, PolicyName="p")
    iam.delete_group(GroupName=name)


def test_add_user_to_group_twice_is_idempotent(iam, make_user):
    # AWS treats re-adding an existing member as a no-op success.
    name = unique("grp")
    iam.create_group(GroupName=name)
    user, _ = make_user(with_key=False)
    iam.add_user_to_group(GroupName=name, UserName=user)
    iam.add_user_to_group(GroupName=name, UserName=user)
    assert [u["UserName"] for u in iam.get_group(GroupName=name)["Users"]] == [user]


def test_add_unknown_user_or_group(iam, make_user):
    name = unique("grp")
    iam.create_group(GroupName=name)
    with aws_error("NoSuchEntity", 404):
        iam.add_user_to_group(GroupName=name, UserName=unique("ghost"))
    user, _ = make_user(with_key=False)
    with aws_error("NoSuchEntity", 404):
        iam.add_user_to_group(GroupName=unique("ghost"), UserName=user)


def test_remove_user_from_group(iam, make_user):
    name = unique("grp")
    iam.create_group(GroupName=name)
    user, _ = make_user(with_key=False)
    iam.add_user_to_group(GroupName=name, UserName=user)
    iam.remove_user_from_group(GroupName=name, UserName=user)
    assert iam.get_group(GroupName=name)["Users"] == []
    assert iam.list_groups_for_user(UserName=user)["Groups"] == []
    with aws_error("NoSuchEntity", 404):
        iam.remove_user_from_group(GroupName=name, UserName=user)


def test_list_groups_for_user(iam, make_user, make_group):
    user, _ = make_user(with_key=False)
    groups = {make_group(members=[user]) for _ in range(3)}
    make_group()  # not a member
    resp = iam.list_groups_for_user(UserName=user)
    assert {g["GroupName"] for g in resp["Groups"]} == groups
    for g in resp["Groups"]:
        assert g["Arn"] == group_arn(g["GroupName"]) and g["GroupId"].startswith("AGPA")
    with aws_error("NoSuchEntity", 404):
        iam.list_groups_for_user(UserName=unique("ghost"))


def test_user_can_join_at_most_ten_groups(iam, make_user, make_group):
    user, _ = make_user(with_key=False)
    groups = [make_group() for _ in range(11)]
    for group in groups[:10]:
        iam.add_user_to_group(GroupName=group, UserName=user)
    assert len(iam.list_groups_for_user(UserName=user)["Groups"]) == 10
    with aws_error("LimitExceeded", 409):
        iam.add_user_to_group(GroupName=groups[10], UserName=user)
    assert iam.get_group(GroupName=groups[10])["Users"] == []
    iam.remove_user_from_group(GroupName=groups[0], UserName=user)
    iam.add_user_to_group(GroupName=groups[10], UserName=user)
    assert len(iam.list_groups_for_user(UserName=user)["Groups"]) == 10

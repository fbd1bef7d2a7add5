"""Instance profiles: CreateInstanceProfile GetInstanceProfile DeleteInstanceProfile ListInstanceProfiles
AddRoleToInstanceProfile RemoveRoleFromInstanceProfile ListInstanceProfilesForRole TagInstanceProfile
UntagInstanceProfile ListInstanceProfileTags, and how roles in a profile behave (DeleteRole refused,
GetAccountAuthorizationDetails lists the profiles of each role, GetAccountSummary counts them).

Error codes and messages as AWS answers them (recorded against AWS in localstack's IAM snapshot tests,
tests/aws/services/iam/test_iam_instance_profiles.snapshot.json, 2026-02)."""

from __future__ import annotations

import pytest

from e2e_helpers import ACCOUNT_ID, aws_error, dumps, unique, unique_path

EC2_TRUST = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}],
}


def profile_arn(name: str, path: str = "/") -> str:
    return f"arn:aws:iam::{ACCOUNT_ID}:instance-profile{path}{name}"


@pytest.fixture
def ec2_role(iam):
    name = unique("ip-role")
    role = iam.create_role(RoleName=name, AssumeRolePolicyDocument=dumps(EC2_TRUST))["Role"]
    return name, role


def test_create_get_delete(iam):
    name, path = unique("ip"), unique_path()
    created = iam.create_instance_profile(InstanceProfileName=name, Path=path)["InstanceProfile"]
    assert created["InstanceProfileName"] == name
    assert created["Path"] == path
    assert created["Arn"] == profile_arn(name, path)
    assert created["InstanceProfileId"].startswith("AIPA") and len(created["InstanceProfileId"]) == 21
    assert created["Roles"] == []
    assert "Tags" not in created  # AWS returns Tags from Create only when some were given
    got = iam.get_instance_profile(InstanceProfileName=name)["InstanceProfile"]
    assert got["InstanceProfileId"] == created["InstanceProfileId"]
    assert got["CreateDate"] == created["CreateDate"]
    assert got["Tags"] == []  # Get always carries the list
    iam.delete_instance_profile(InstanceProfileName=name)
    with aws_error("NoSuchEntity", 404, f"Instance Profile {name} cannot be found."):
        iam.get_instance_profile(InstanceProfileName=name)


def test_default_path_and_duplicate_is_case_insensitive(iam):
    name = unique("Ip")
    assert iam.create_instance_profile(InstanceProfileName=name)["InstanceProfile"]["Path"] == "/"
    with aws_error("EntityAlreadyExists", 409) as err:
        iam.create_instance_profile(InstanceProfileName=name.lower())
    assert err.message == f"Instance Profile {name.lower()} already exists."


def test_unknown_profile_everywhere(iam, ec2_role):
    role, _ = ec2_role
    ghost = unique("ghost")
    message = f"Instance Profile {ghost} cannot be found."
    for call in (
        lambda: iam.get_instance_profile(InstanceProfileName=ghost),
        lambda: iam.delete_instance_profile(InstanceProfileName=ghost),
        lambda: iam.add_role_to_instance_profile(InstanceProfileName=ghost, RoleName=role),
        lambda: iam.remove_role_from_instance_profile(InstanceProfileName=ghost, RoleName=role),
        lambda: iam.tag_instance_profile(InstanceProfileName=ghost, Tags=[{"Key": "k", "Value": "v"}]),
        lambda: iam.untag_instance_profile(InstanceProfileName=ghost, TagKeys=["k"]),
        lambda: iam.list_instance_profile_tags(InstanceProfileName=ghost),
    ):
        with aws_error("NoSuchEntity", 404) as err:
            call()
        assert err.message == message


def test_name_and_path_constraints(iam):
    with aws_error("ValidationError", 400) as err:
        iam.create_instance_profile(InstanceProfileName="x" * 129)
    assert "instanceProfileName" in err.message and "128" in err.message
    base = unique("ip")
    iam.create_instance_profile(InstanceProfileName=base + "x" * (128 - len(base)))
    with aws_error("ValidationError", 400):
        iam.create_instance_profile(InstanceProfileName="bad name")
    with aws_error("ValidationError", 400):
        iam.create_instance_profile(InstanceProfileName=unique("ip"), Path="no-slashes")


def test_role_in_profile_lifecycle(iam, ec2_role):
    role, created_role = ec2_role
    name = unique("ip")
    iam.create_instance_profile(InstanceProfileName=name)
    iam.add_role_to_instance_profile(InstanceProfileName=name, RoleName=role)
    roles = iam.get_instance_profile(InstanceProfileName=name)["InstanceProfile"]["Roles"]
    assert len(roles) == 1
    listed = roles[0]
    assert listed["RoleName"] == role and listed["RoleId"] == created_role["RoleId"]
    assert listed["Arn"] == created_role["Arn"] and listed["AssumeRolePolicyDocument"] == EC2_TRUST
    # As AWS lists a role inside a profile: no description, duration, tags or last use.
    assert set(listed) == {"Path", "RoleName", "RoleId", "Arn", "CreateDate", "AssumeRolePolicyDocument"}

    # One role per profile, whichever role comes second (the same one included).
    other = unique("ip-role2")
    iam.create_role(RoleName=other, AssumeRolePolicyDocument=dumps(EC2_TRUST))
    for second in (other, role):
        with aws_error("LimitExceeded", 409, "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1"):
            iam.add_role_to_instance_profile(InstanceProfileName=name, RoleName=second)

    with aws_error("DeleteConflict", 409, "Cannot delete entity, must remove roles from instance profile first."):
        iam.delete_instance_profile(InstanceProfileName=name)
    with aws_error("DeleteConflict", 409, "Cannot delete entity, must remove roles from instance profile first."):
        iam.delete_role(RoleName=role)

    with aws_error("NoSuchEntity", 404, f"Role {other} in Instance Profile {name} cannot be found."):
        iam.remove_role_from_instance_profile(InstanceProfileName=name, RoleName=other)
    iam.remove_role_from_instance_profile(InstanceProfileName=name, RoleName=role.upper())
    assert iam.get_instance_profile(InstanceProfileName=name)["InstanceProfile"]["Roles"] == []
    iam.delete_instance_profile(InstanceProfileName=name)
    iam.delete_role(RoleName=role)


def test_unknown_role(iam):
    name = unique("ip")
    iam.create_instance_profile(InstanceProfileName=name)
    ghost = unique("ghost-role")
    for call in (iam.add_role_to_instance_profile, iam.remove_role_from_instance_profile):
        with aws_error("NoSuchEntity", 404, f"The role with name {ghost} cannot be found."):
            call(InstanceProfileName=name, RoleName=ghost)
    with aws_error("NoSuchEntity", 404, f"The role with name {ghost} cannot be found."):
        iam.list_instance_profiles_for_role(RoleName=ghost)


def test_list_path_prefix_and_paging(iam):
    path = unique_path()
    names = sorted(unique(f"ip{i}") for i in range(5))
    for name in names:
        iam.create_instance_profile(InstanceProfileName=name, Path=path)
    listed = iam.list_instance_profiles(PathPrefix=path)
    assert [p["InstanceProfileName"] for p in listed["InstanceProfiles"]] == names
    assert listed["IsTruncated"] is False and "Marker" not in listed
    assert all("Tags" not in p for p in listed["InstanceProfiles"])
    assert iam.list_instance_profiles(PathPrefix=path + "nothing/")["InstanceProfiles"] == []

    first = iam.list_instance_profiles(PathPrefix=path, MaxItems=2)
    assert [p["InstanceProfileName"] for p in first["InstanceProfiles"]] == names[:2]
    assert first["IsTruncated"] is True
    rest = iam.list_instance_profiles(PathPrefix=path, Marker=first["Marker"], MaxItems=3)
    assert [p["InstanceProfileName"] for p in rest["InstanceProfiles"]] == names[2:]
    assert rest["IsTruncated"] is False

    paginated = [p["InstanceProfileName"] for page in iam.get_paginator("list_instance_profiles").paginate(
        PathPrefix=path, PaginationConfig={"PageSize": 2}) for p in page["InstanceProfiles"]]
    assert paginated == names
    for bad in (0, 1001):
        with aws_error("ValidationError", 400):
            iam.list_instance_profiles(MaxItems=bad)


def test_list_instance_profiles_for_role(iam, ec2_role):
    role, _ = ec2_role
    names = sorted(unique(f"ipr{i}") for i in range(3))
    for name in names:
        iam.create_instance_profile(InstanceProfileName=name)
        iam.add_role_to_instance_profile(InstanceProfileName=name, RoleName=role)
    iam.create_instance_profile(InstanceProfileName=unique("ip-unrelated"))
    listed = iam.list_instance_profiles_for_role(RoleName=role)
    assert [p["InstanceProfileName"] for p in listed["InstanceProfiles"]] == names
    assert all(p["Roles"][0]["RoleName"] == role for p in listed["InstanceProfiles"])
    page = iam.list_instance_profiles_for_role(RoleName=role, MaxItems=1)
    assert page["IsTruncated"] and len(page["InstanceProfiles"]) == 1
    lonely = unique("ip-lonely")
    iam.create_role(RoleName=lonely, AssumeRolePolicyDocument=dumps(EC2_TRUST))
    assert iam.list_instance_profiles_for_role(RoleName=lonely)["InstanceProfiles"] == []


def test_tags(iam):
    name = unique("ip")
    created = iam.create_instance_profile(
        InstanceProfileName=name, Tags=[{"Key": "InitialKey", "Value": "InitialValue"}])["InstanceProfile"]
    assert created["Tags"] == [{"Key": "InitialKey", "Value": "InitialValue"}]
    iam.tag_instance_profile(InstanceProfileName=name, Tags=[{"Key": "b", "Value": "2"}, {"Key": "a", "Value": "1"}])
    tags = iam.list_instance_profile_tags(InstanceProfileName=name)
    assert tags["Tags"] == [{"Key": "InitialKey", "Value": "InitialValue"}, {"Key": "a", "Value": "1"},
                            {"Key": "b", "Value": "2"}]
    assert tags["IsTruncated"] is False
    iam.untag_instance_profile(InstanceProfileName=name, TagKeys=["initialkey", "a"])
    assert iam.get_instance_profile(InstanceProfileName=name)["InstanceProfile"]["Tags"] == [{"Key": "b", "Value": "2"}]

    with aws_error("InvalidInput", 400, "Duplicate tag keys found. Please note that Tag keys are case insensitive."):
        iam.tag_instance_profile(InstanceProfileName=name, Tags=[{"Key": "x", "Value": "1"}, {"Key": "X", "Value": "2"}])
    iam.tag_instance_profile(InstanceProfileName=name, Tags=[{"Key": f"k{i:02}", "Value": "v"} for i in range(49)])
    page = iam.list_instance_profile_tags(InstanceProfileName=name, MaxItems=20)
    assert len(page["Tags"]) == 20 and page["IsTruncated"]
    with aws_error("LimitExceeded", 409, "Cannot exceed quota for TagsPerResource: 50"):
        iam.tag_instance_profile(InstanceProfileName=name, Tags=[{"Key": "one-too-many", "Value": "v"}])
    with aws_error("ValidationError", 400):
        iam.create_instance_profile(InstanceProfileName=unique("ip"),
                                    Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(51)])


def test_authorization_details_and_summary(iam, ec2_role):
    role, _ = ec2_role
    name, path = unique("ip"), unique_path()
    before = iam.get_account_summary()["SummaryMap"]
    iam.create_instance_profile(InstanceProfileName=name, Path=path)
    iam.add_role_to_instance_profile(InstanceProfileName=name, RoleName=role)
    after = iam.get_account_summary()["SummaryMap"]
    assert after["InstanceProfiles"] == before["InstanceProfiles"] + 1
    assert after["InstanceProfilesQuota"] == 1000
    details = [detail for page in iam.get_paginator("get_account_authorization_details").paginate(Filter=["Role"])
               for detail in page["RoleDetailList"]]
    mine = next(detail for detail in details if detail["RoleName"] == role)
    assert [p["Arn"] for p in mine["InstanceProfileList"]] == [profile_arn(name, path)]
    assert mine["InstanceProfileList"][0]["Roles"][0]["RoleName"] == role


def test_add_role_needs_pass_role(iam, make_user, connect, ec2_role):
    role, _ = ec2_role
    name = unique("ip")
    iam.create_instance_profile(InstanceProfileName=name)
    user, session = make_user()
    allow = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "iam:AddRoleToInstanceProfile", "Resource": profile_arn(name)}]}
    iam.put_user_policy(UserName=user, PolicyName="ip", PolicyDocument=dumps(allow))
    limited = connect(session, "iam")
    with aws_error("AccessDenied", 403) as err:
        limited.add_role_to_instance_profile(InstanceProfileName=name, RoleName=role)
    assert "iam:PassRole" in err.message
    allow["Statement"].append({"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"})
    iam.put_user_policy(UserName=user, PolicyName="ip", PolicyDocument=dumps(allow))
    limited.add_role_to_instance_profile(InstanceProfileName=name, RoleName=role)
    # The profile is the resource: a user allowed on another profile is refused on this one.
    other = unique("ip-other")
    iam.create_instance_profile(InstanceProfileName=other)
    with aws_error("AccessDenied", 403) as err:
        limited.add_role_to_instance_profile(InstanceProfileName=other, RoleName=role)
    assert profile_arn(other) in err.message


def test_cli_walk(aws, iam):
    name, role = unique("ip-cli"), unique("ip-cli-role")
    aws("iam", "create-role", "--role-name", role, "--assume-role-policy-document", dumps(EC2_TRUST))
    created = aws("iam", "create-instance-profile", "--instance-profile-name", name)["InstanceProfile"]
    assert created["Arn"] == profile_arn(name)
    aws("iam", "add-role-to-instance-profile", "--instance-profile-name", name, "--role-name", role)
    assert aws("iam", "get-instance-profile", "--instance-profile-name", name)["InstanceProfile"]["Roles"][0][
        "RoleName"] == role
    listed = aws("iam", "list-instance-profiles-for-role", "--role-name", role)["InstanceProfiles"]
    assert [p["InstanceProfileName"] for p in listed] == [name]
    aws("iam", "tag-instance-profile", "--instance-profile-name", name, "--tags", "Key=team,Value=infra")
    assert aws("iam", "list-instance-profile-tags", "--instance-profile-name", name)["Tags"] == [
        {"Key": "team", "Value": "infra"}]
    aws("iam", "untag-instance-profile", "--instance-profile-name", name, "--tag-keys", "team")
    aws("iam", "remove-role-from-instance-profile", "--instance-profile-name", name, "--role-name", role)
    aws("iam", "delete-instance-profile", "--instance-profile-name", name)
    aws("iam", "delete-role", "--role-name", role)
    with aws_error("NoSuchEntity", 404):
        iam.get_instance_profile(InstanceProfileName=name)


def test_trail_records_the_new_profile(iam, admin, connect):
    from trail_helpers import lookup_all, records, since

    start = since()
    name = unique("ip-trail")
    created = iam.create_instance_profile(InstanceProfileName=name)["InstanceProfile"]
    events = records(lookup_all(connect(admin, "cloudtrail"), "EventName", "CreateInstanceProfile", StartTime=start))
    mine = [e for e in events if e["requestParameters"]["instanceProfileName"] == name]
    assert len(mine) == 1
    recorded = mine[0]["responseElements"]["instanceProfile"]
    assert recorded["arn"] == created["Arn"] and recorded["instanceProfileId"] == created["InstanceProfileId"]
    assert recorded["roles"] == []

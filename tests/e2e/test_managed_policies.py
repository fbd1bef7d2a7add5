"""Customer and AWS managed policies: CreatePolicy GetPolicy ListPolicies DeletePolicy
CreatePolicyVersion GetPolicyVersion ListPolicyVersions DeletePolicyVersion
SetDefaultPolicyVersion ListEntitiesForPolicy."""

import json

import pytest

from e2e_helpers import (
    ACCOUNT_ID, ADMIN_POLICY, AWS_MANAGED, MALFORMED_POLICIES, allow_doc, aws_error,
    policy_arn, sized_identity_policy, unique, unique_path,
)


def _versions(iam, arn):
    return {v["VersionId"]: v for v in iam.list_policy_versions(PolicyArn=arn)["Versions"]}


def test_create_policy_returns_the_policy(iam):
    name = unique("pol")
    policy = iam.create_policy(PolicyName=name, PolicyDocument=json.dumps(allow_doc()))["Policy"]
    assert policy["PolicyName"] == name
    assert policy["Arn"] == policy_arn(name)
    assert policy["Path"] == "/"
    assert policy["PolicyId"].startswith("ANPA") and len(policy["PolicyId"]) == 21
    assert policy["DefaultVersionId"] == "v1"
    assert policy["AttachmentCount"] == 0
    assert policy["PermissionsBoundaryUsageCount"] == 0
    assert policy["IsAttachable"] is True
    assert "CreateDate" in policy and "UpdateDate" in policy


def test_get_policy_with_path_description_and_tags(iam):
    name, path = unique("pol"), unique_path()
    tags = [{"Key": "k", "Value": "v"}]
    created = iam.create_policy(PolicyName=name, Path=path, PolicyDocument=json.dumps(allow_doc()),
                                Description="what it does", Tags=tags)["Policy"]
    assert created["Arn"] == policy_arn(name, path)
    policy = iam.get_policy(PolicyArn=created["Arn"])["Policy"]
    assert policy["PolicyId"] == created["PolicyId"]
    assert policy["Path"] == path
    assert policy["Description"] == "what it does"
    assert policy["Tags"] == tags
    assert policy["DefaultVersionId"] == "v1"


def test_get_unknown_policy(iam):
    with aws_error("NoSuchEntity", 404):
        iam.get_policy(PolicyArn=policy_arn(unique("ghost")))
    with aws_error("NoSuchEntity", 404):
        iam.get_policy(PolicyArn="arn:aws:iam::aws:policy/" + unique("NoSuchAwsPolicy"))


@pytest.mark.parametrize("arn", AWS_MANAGED)
def test_aws_managed_policies_exist(iam, arn):
    policy = iam.get_policy(PolicyArn=arn)["Policy"]
    assert policy["Arn"] == arn
    assert policy["PolicyName"] == arn.rsplit("/", 1)[1]
    assert policy["IsAttachable"] is True
    assert policy["DefaultVersionId"].startswith("v")
    version = iam.get_policy_version(PolicyArn=arn, VersionId=policy["DefaultVersionId"])["PolicyVersion"]
    assert isinstance(version["Document"], dict)
    assert version["IsDefaultVersion"] is True
    assert version["Document"]["Statement"]


def test_administrator_access_document(iam):
    policy = iam.get_policy(PolicyArn=ADMIN_POLICY)["Policy"]
    doc = iam.get_policy_version(PolicyArn=ADMIN_POLICY, VersionId=policy["DefaultVersionId"])["PolicyVersion"]["Document"]
    statements = doc["Statement"] if isinstance(doc["Statement"], list) else [doc["Statement"]]
    assert {"Effect": "Allow", "Action": "*", "Resource": "*"} in statements


def test_duplicate_policy_name(iam):
    name = unique("Pol")
    iam.create_policy(PolicyName=name, PolicyDocument=json.dumps(allow_doc()))
    with aws_error("EntityAlreadyExists", 409):
        iam.create_policy(PolicyName=name, PolicyDocument=json.dumps(allow_doc()))
    with aws_error("EntityAlreadyExists", 409):
        iam.create_policy(PolicyName=name.lower(), PolicyDocument=json.dumps(allow_doc()))
    # Policy names are unique in the account whatever the path.
    with aws_error("EntityAlreadyExists", 409):
        iam.create_policy(PolicyName=name, Path=unique_path(), PolicyDocument=json.dumps(allow_doc()))


def test_policy_name_length_edges(iam):
    ok = (unique("p") + "x" * 128)[:128]
    assert iam.create_policy(PolicyName=ok, PolicyDocument=json.dumps(allow_doc()))["Policy"]["PolicyName"] == ok
    with aws_error("ValidationError", 400):
        iam.create_policy(PolicyName=(unique("p") + "x" * 129)[:129], PolicyDocument=json.dumps(allow_doc()))


@pytest.mark.parametrize("case", sorted(MALFORMED_POLICIES))
def test_create_policy_malformed(iam, case):
    name = unique("pol")
    with aws_error("MalformedPolicyDocument", 400):
        iam.create_policy(PolicyName=name, PolicyDocument=MALFORMED_POLICIES[case])
    with aws_error("NoSuchEntity", 404):
        iam.get_policy(PolicyArn=policy_arn(name))


def test_identity_policy_must_not_name_a_principal(iam):
    doc = allow_doc()
    doc["Statement"][0]["Principal"] = {"AWS": f"arn:aws:iam::{ACCOUNT_ID}:root"}
    with aws_error("MalformedPolicyDocument", 400):
        iam.create_policy(PolicyName=unique("pol"), PolicyDocument=json.dumps(doc))


def test_identity_policy_unknown_version(iam):
    doc = allow_doc()
    doc["Version"] = "2020-01-01"
    with aws_error("MalformedPolicyDocument", 400):
        iam.create_policy(PolicyName=unique("pol"), PolicyDocument=json.dumps(doc))


@pytest.mark.parametrize("version", ["2008-10-17", None])
def test_managed_policy_requires_version_2012(iam, version):
    # AWS: "Policy document must be version 2012-10-17 or greater." for managed policies
    # (reported in Meteor-CollectionFS#630, laurilehmijoki/s3_website#219).
    doc = allow_doc()
    if version is None:
        del doc["Version"]
    else:
        doc["Version"] = version
    with aws_error("MalformedPolicyDocument", 400):
        iam.create_policy(PolicyName=unique("pol"), PolicyDocument=json.dumps(doc))


def test_managed_policy_size_edges(iam):
    # Managed policy size quota: 6,144 characters, whitespace not counted (IAM quotas page).
    arn = iam.create_policy(PolicyName=unique("pol"), PolicyDocument=sized_identity_policy(6144))["Policy"]["Arn"]
    with aws_error("LimitExceeded", 409):
        iam.create_policy(PolicyName=unique("pol"), PolicyDocument=sized_identity_policy(6145))
    iam.create_policy_version(PolicyArn=arn, PolicyDocument=sized_identity_policy(6144))
    with aws_error("LimitExceeded", 409):
        iam.create_policy_version(PolicyArn=arn, PolicyDocument=sized_identity_policy(6145))
    spaced = json.dumps(json.loads(sized_identity_policy(6144)), indent=8)
    assert len(spaced) > 6144
    iam.create_policy_version(PolicyArn=arn, PolicyDocument=spaced)


def test_get_policy_version_document_round_trip(iam):
    doc = {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"],
             "Resource": ["arn:aws:s3:::bucket", "arn:aws:s3:::bucket/*"],
             "Condition": {"StringEquals": {"aws:RequestedRegion": "us-east-1"},
                           "Bool": {"aws:MultiFactorAuthPresent": "true"}}},
            {"Effect": "Deny", "NotAction": "iam:*", "NotResource": "arn:aws:s3:::bucket/a b%c&d+e"},
        ],
    }
    arn = iam.create_policy(PolicyName=unique("pol"), PolicyDocument=json.dumps(doc, indent=2))["Policy"]["Arn"]
    version = iam.get_policy_version(PolicyArn=arn, VersionId="v1")["PolicyVersion"]
    assert version["Document"] == doc
    assert version["VersionId"] == "v1"
    assert version["IsDefaultVersion"] is True
    assert "CreateDate" in version


def test_policy_versions_lifecycle(iam):
    docs = {f"v{i}": allow_doc(action=f"s3:Action{i}") for i in range(1, 7)}
    arn = iam.create_policy(PolicyName=unique("pol"), PolicyDocument=json.dumps(docs["v1"]))["Policy"]["Arn"]
    for i in range(2, 6):
        version = iam.create_policy_version(PolicyArn=arn, PolicyDocument=json.dumps(docs[f"v{i}"]))["PolicyVersion"]
        assert version["VersionId"] == f"v{i}"
        assert version["IsDefaultVersion"] is False
    versions = _versions(iam, arn)
    assert set(versions) == {"v1", "v2", "v3", "v4", "v5"}
    assert [v for v, meta in versions.items() if meta["IsDefaultVersion"]] == ["v1"]
    assert iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"] == "v1"

    with aws_error("LimitExceeded", 409):
        iam.create_policy_version(PolicyArn=arn, PolicyDocument=json.dumps(docs["v6"]))
    assert len(_versions(iam, arn)) == 5

    iam.set_default_policy_version(PolicyArn=arn, VersionId="v3")
    assert iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"] == "v3"
    versions = _versions(iam, arn)
    assert [v for v, meta in versions.items() if meta["IsDefaultVersion"]] == ["v3"]
    assert iam.get_policy_version(PolicyArn=arn, VersionId="v3")["PolicyVersion"]["Document"] == docs["v3"]

    with aws_error("DeleteConflict", 409):
        iam.delete_policy_version(PolicyArn=arn, VersionId="v3")

    iam.delete_policy_version(PolicyArn=arn, VersionId="v2")
    assert set(_versions(iam, arn)) == {"v1", "v3", "v4", "v5"}
    with aws_error("NoSuchEntity", 404):
        iam.get_policy_version(PolicyArn=arn, VersionId="v2")

    # Version ids are never reused: the next one is v6.
    version = iam.create_policy_version(PolicyArn=arn, PolicyDocument=json.dumps(docs["v6"]),
                                        SetAsDefault=True)["PolicyVersion"]
    assert version["VersionId"] == "v6" and version["IsDefaultVersion"] is True
    assert iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"] == "v6"
    assert _versions(iam, arn)["v3"]["IsDefaultVersion"] is False


def test_create_policy_version_set_as_default(iam):
    arn = iam.create_policy(PolicyName=unique("pol"), PolicyDocument=json.dumps(allow_doc()))["Policy"]["Arn"]
    new_doc = allow_doc(action="iam:GetUser")
    version = iam.create_policy_version(PolicyArn=arn, PolicyDocument=json.dumps(new_doc),
                                        SetAsDefault=True)["PolicyVersion"]
    assert version == {**version, "VersionId": "v2", "IsDefaultVersion": True}
    policy = iam.get_policy(PolicyArn=arn)["Policy"]
    assert policy["DefaultVersionId"] == "v2"
    assert policy["UpdateDate"] >= policy["CreateDate"]
    assert iam.get_policy_version(PolicyArn=arn, VersionId="v1")["PolicyVersion"]["IsDefaultVersion"] is False


@pytest.mark.parametrize("case", sorted(MALFORMED_POLICIES))
def test_create_policy_version_malformed(iam, case):
    arn = iam.create_policy(PolicyName=unique("pol"), PolicyDocument=json.dumps(allow_doc()))["Policy"]["Arn"]
    with aws_error("MalformedPolicyDocument", 400):
        iam.create_policy_version(PolicyArn=arn, PolicyDocument=MALFORMED_POLICIES[case])
    assert set(_versions(iam, arn)) == {"v1"}


def test_policy_version_errors(iam):
    arn = iam.create_policy(PolicyName=unique("pol"), PolicyDocument=json.dumps(allow_doc()))["Policy"]["Arn"]
    with aws_error("NoSuchEntity", 404):
        iam.get_policy_version(PolicyArn=arn, VersionId="v9")
    with aws_error("NoSuchEntity", 404):
        iam.set_default_policy_version(PolicyArn=arn, VersionId="v9")
    with aws_error("NoSuchEntity", 404):
        iam.delete_policy_version(PolicyArn=arn, VersionId="v9")
    with aws_error("ValidationError", 400):
        iam.get_policy_version(PolicyArn=arn, VersionId="version1")
    ghost = policy_arn(unique("ghost"))
    with aws_error("NoSuchEntity", 404):
        iam.create_policy_version(PolicyArn=ghost, PolicyDocument=json.dumps(allow_doc()))
    with aws_error("NoSuchEntity", 404):
        iam.list_policy_versions(PolicyArn=ghost)


def test_delete_policy(iam):
    arn = iam.create_policy(PolicyName=unique("pol"), PolicyDocument=json.dumps(allow_doc()))["Policy"]["Arn"]
    iam.delete_policy(PolicyArn=arn)
    with aws_error("NoSuchEntity", 404):
        iam.get_policy(PolicyArn=arn)
    with aws_error("NoSuchEntity", 404):
        iam.delete_policy(PolicyArn=arn)


def test_delete_policy_with_extra_versions_conflicts(iam):
    arn = iam.create_policy(PolicyName=unique("pol"), PolicyDocument=json.dumps(allow_doc()))["Policy"]["Arn"]
    iam.create_policy_version(PolicyArn=arn, PolicyDocument=json.dumps(allow_doc(action="s3:PutObject")))
    with aws_error("DeleteConflict", 409):
        iam.delete_policy(PolicyArn=arn)
    iam.delete_policy_version(PolicyArn=arn, VersionId="v2")
    iam.delete_policy(PolicyArn=arn)


@pytest.mark.parametrize("kind", ["user", "group", "role"])
def test_delete_attached_policy_conflicts(iam, make_user, make_group, make_role, kind):
    arn = iam.create_policy(PolicyName=unique("pol"), PolicyDocument=json.dumps(allow_doc()))["Policy"]["Arn"]
    if kind == "user":
        name, _ = make_user(with_key=False)
        iam.attach_user_policy(UserName=name, PolicyArn=arn)
        detach = lambda: iam.detach_user_policy(UserName=name, PolicyArn=arn)  # noqa: E731
    elif kind == "group":
        name = make_group()
        iam.attach_group_policy(GroupName=name, PolicyArn=arn)
        detach = lambda: iam.detach_group_policy(GroupName=name, PolicyArn=arn)  # noqa: E731
    else:
        name, _ = make_role()
        iam.attach_role_policy(RoleName=name, PolicyArn=arn)
        detach = lambda: iam.detach_role_policy(RoleName=name, PolicyArn=arn)  # noqa: E731
    with aws_error("DeleteConflict", 409):
        iam.delete_policy(PolicyArn=arn)
    detach()
    iam.delete_policy(PolicyArn=arn)


def test_list_policies_local_scope_path_prefix_and_paging(iam):
    path = unique_path()
    arns = {iam.create_policy(PolicyName=unique("pol"), Path=path,
                              PolicyDocument=json.dumps(allow_doc()))["Policy"]["Arn"] for _ in range(5)}
    iam.create_policy(PolicyName=unique("pol"), Path=unique_path(), PolicyDocument=json.dumps(allow_doc()))
    resp = iam.list_policies(Scope="Local", PathPrefix=path)
    assert {p["Arn"] for p in resp["Policies"]} == arns
    for policy in resp["Policies"]:
        assert policy["DefaultVersionId"] == "v1" and policy["AttachmentCount"] == 0

    seen, sizes, marker = [], [], None
    while True:
        kwargs = {"Scope": "Local", "PathPrefix": path, "MaxItems": 2}
        if marker:
            kwargs["Marker"] = marker
        page = iam.list_policies(**kwargs)
        sizes.append(len(page["Policies"]))
        seen += [p["Arn"] for p in page["Policies"]]
        if not page["IsTruncated"]:
            break
        marker = page["Marker"]
    assert sizes == [2, 2, 1]
    assert sorted(seen) == sorted(arns)


def _all_policies(iam, **kwargs):
    return [p for page in iam.get_paginator("list_policies").paginate(**kwargs) for p in page["Policies"]]


def test_list_policies_scopes(iam):
    local = iam.create_policy(PolicyName=unique("pol"), PolicyDocument=json.dumps(allow_doc()))["Policy"]["Arn"]
    aws_scope = {p["Arn"] for p in _all_policies(iam, Scope="AWS")}
    assert set(AWS_MANAGED) <= aws_scope
    assert all(arn.startswith("arn:aws:iam::aws:policy/") for arn in aws_scope)
    local_scope = {p["Arn"] for p in _all_policies(iam, Scope="Local")}
    assert local in local_scope
    assert not any(arn.startswith("arn:aws:iam::aws:") for arn in local_scope)
    all_scope = {p["Arn"] for p in _all_policies(iam, Scope="All")}
    assert local in all_scope and set(AWS_MANAGED) <= all_scope
    default_scope = {p["Arn"] for p in _all_policies(iam)}
    assert default_scope == all_scope


def test_list_policies_only_attached(iam, make_user):
    path = unique_path()
    attached = iam.create_policy(PolicyName=unique("pol"), Path=path,
                                 PolicyDocument=json.dumps(allow_doc()))["Policy"]["Arn"]
    iam.create_policy(PolicyName=unique("pol"), Path=path, PolicyDocument=json.dumps(allow_doc()))
    user, _ = make_user(with_key=False)
    iam.attach_user_policy(UserName=user, PolicyArn=attached)
    only = iam.list_policies(Scope="Local", PathPrefix=path, OnlyAttached=True)["Policies"]
    assert [p["Arn"] for p in only] == [attached]
    assert only[0]["AttachmentCount"] == 1
    assert len(iam.list_policies(Scope="Local", PathPrefix=path)["Policies"]) == 2
    # The admin user holds AdministratorAccess, so it is among the attached AWS policies.
    aws_attached = {p["Arn"] for p in _all_policies(iam, Scope="AWS", OnlyAttached=True)}
    assert ADMIN_POLICY in aws_attached


def test_list_policy_versions(iam):
    arn = iam.create_policy(PolicyName=unique("pol"), PolicyDocument=json.dumps(allow_doc()))["Policy"]["Arn"]
    iam.create_policy_version(PolicyArn=arn, PolicyDocument=json.dumps(allow_doc(action="s3:PutObject")))
    resp = iam.list_policy_versions(PolicyArn=arn)
    assert resp["IsTruncated"] is False
    versions = {v["VersionId"]: v for v in resp["Versions"]}
    assert set(versions) == {"v1", "v2"}
    assert versions["v1"]["IsDefaultVersion"] is True and versions["v2"]["IsDefaultVersion"] is False
    for v in resp["Versions"]:
        assert "CreateDate" in v


def test_list_entities_for_policy(iam, make_user, make_group, make_role):
    arn = iam.create_policy(PolicyName=unique("pol"), PolicyDocument=json.dumps(allow_doc()))["Policy"]["Arn"]
    user, _ = make_user(with_key=False)
    group = make_group()
    role, _ = make_role()
    iam.attach_user_policy(UserName=user, PolicyArn=arn)
    iam.attach_group_policy(GroupName=group, PolicyArn=arn)
    iam.attach_role_policy(RoleName=role, PolicyArn=arn)

    resp = iam.list_entities_for_policy(PolicyArn=arn)
    assert [u["UserName"] for u in resp["PolicyUsers"]] == [user]
    assert [g["GroupName"] for g in resp["PolicyGroups"]] == [group]
    assert [r["RoleName"] for r in resp["PolicyRoles"]] == [role]
    assert resp["PolicyUsers"][0]["UserId"].startswith("AIDA")
    assert resp["PolicyGroups"][0]["GroupId"].startswith("AGPA")
    assert resp["PolicyRoles"][0]["RoleId"].startswith("AROA")
    assert iam.get_policy(PolicyArn=arn)["Policy"]["AttachmentCount"] == 3

    only_users = iam.list_entities_for_policy(PolicyArn=arn, EntityFilter="User")
    assert [u["UserName"] for u in only_users["PolicyUsers"]] == [user]
    assert only_users["PolicyGroups"] == [] and only_users["PolicyRoles"] == []
    only_roles = iam.list_entities_for_policy(PolicyArn=arn, EntityFilter="Role")
    assert [r["RoleName"] for r in only_roles["PolicyRoles"]] == [role] and only_roles["PolicyUsers"] == []

    iam.detach_group_policy(GroupName=group, PolicyArn=arn)
    resp = iam.list_entities_for_policy(PolicyArn=arn)
    assert resp["PolicyGroups"] == []
    assert iam.get_policy(PolicyArn=arn)["Policy"]["AttachmentCount"] == 2

    with aws_error("NoSuchEntity", 404):
        iam.list_entities_for_policy(PolicyArn=policy_arn(unique("ghost")))


def test_list_entities_for_aws_managed_policy(iam, make_user):
    user, _ = make_user(policy_arns=[ADMIN_POLICY], with_key=False)
    users = [u["UserName"] for page in iam.get_paginator("list_entities_for_policy").paginate(
        PolicyArn=ADMIN_POLICY, EntityFilter="User") for u in page["PolicyUsers"]]
    assert user in users and "admin" in users

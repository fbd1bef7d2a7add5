"""Access keys: CreateAccessKey ListAccessKeys UpdateAccessKey DeleteAccessKey GetAccessKeyLastUsed."""

import datetime as dt
import re

import pytest

from e2e_helpers import (
    ADMIN_KEY_ID, ADMIN_POLICY, ROOT_ARN, ROOT_KEY_ID, aws_error, session_from_key, unique,
    user_arn, utcnow, wait_until,
)

KEY_ID = re.compile(r"^AKIA[A-Z0-9]{16}$")


def test_create_access_key_returns_secret_once(iam, make_user):
    name, _ = make_user(with_key=False)
    before = utcnow() - dt.timedelta(seconds=60)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    assert key["UserName"] == name
    assert KEY_ID.match(key["AccessKeyId"])
    assert len(key["SecretAccessKey"]) == 40
    assert key["Status"] == "Active"
    assert before <= key["CreateDate"] <= utcnow() + dt.timedelta(seconds=60)

    listed = iam.list_access_keys(UserName=name)
    assert listed["IsTruncated"] is False
    assert len(listed["AccessKeyMetadata"]) == 1
    meta = listed["AccessKeyMetadata"][0]
    assert meta["AccessKeyId"] == key["AccessKeyId"]
    assert meta["UserName"] == name
    assert meta["Status"] == "Active"
    assert "SecretAccessKey" not in meta


def test_new_key_authenticates(iam, make_user, connect):
    name, _ = make_user(with_key=False)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    ident = connect(session_from_key(key), "sts").get_caller_identity()
    assert ident["Arn"] == user_arn(name)


def test_two_keys_then_limit(iam, make_user):
    name, _ = make_user(with_key=False)
    first = iam.create_access_key(UserName=name)["AccessKey"]
    second = iam.create_access_key(UserName=name)["AccessKey"]
    assert first["AccessKeyId"] != second["AccessKeyId"]
    assert first["SecretAccessKey"] != second["SecretAccessKey"]
    with aws_error("LimitExceeded", 409):
        iam.create_access_key(UserName=name)
    ids = {k["AccessKeyId"] for k in iam.list_access_keys(UserName=name)["AccessKeyMetadata"]}
    assert ids == {first["AccessKeyId"], second["AccessKeyId"]}
    # An inactive key still counts towards the quota.
    iam.update_access_key(UserName=name, AccessKeyId=first["AccessKeyId"], Status="Inactive")
    with aws_error("LimitExceeded", 409):
        iam.create_access_key(UserName=name)
    iam.delete_access_key(UserName=name, AccessKeyId=first["AccessKeyId"])
    iam.create_access_key(UserName=name)


def test_create_access_key_for_unknown_user(iam):
    with aws_error("NoSuchEntity", 404):
        iam.create_access_key(UserName=unique("ghost"))
    with aws_error("NoSuchEntity", 404):
        iam.list_access_keys(UserName=unique("ghost"))


def test_access_keys_without_user_name_act_on_caller(make_user, connect):
    name, session = make_user(policy_arns=[ADMIN_POLICY])
    client = connect(session, "iam")
    own = session.get_credentials().access_key
    listed = client.list_access_keys()["AccessKeyMetadata"]
    assert [k["AccessKeyId"] for k in listed] == [own]
    assert listed[0]["UserName"] == name
    new = client.create_access_key()["AccessKey"]
    assert new["UserName"] == name
    assert {k["AccessKeyId"] for k in client.list_access_keys()["AccessKeyMetadata"]} == {own, new["AccessKeyId"]}
    client.update_access_key(AccessKeyId=new["AccessKeyId"], Status="Inactive")
    client.delete_access_key(AccessKeyId=new["AccessKeyId"])
    assert [k["AccessKeyId"] for k in client.list_access_keys()["AccessKeyMetadata"]] == [own]


def test_admin_lists_its_own_key(iam):
    keys = iam.list_access_keys()["AccessKeyMetadata"]
    assert ADMIN_KEY_ID in {k["AccessKeyId"] for k in keys}
    assert all(k["UserName"] == "admin" for k in keys)


def test_inactive_key_is_refused_and_can_be_reactivated(iam, make_user, connect):
    name, session = make_user(policy_arns=[ADMIN_POLICY])
    key_id = session.get_credentials().access_key
    sts = connect(session, "sts")
    assert sts.get_caller_identity()["Arn"] == user_arn(name)

    iam.update_access_key(UserName=name, AccessKeyId=key_id, Status="Inactive")
    assert iam.list_access_keys(UserName=name)["AccessKeyMetadata"][0]["Status"] == "Inactive"
    # A deactivated key is refused like an unknown one.
    with aws_error("InvalidClientTokenId", 403):
        sts.get_caller_identity()
    with aws_error("InvalidClientTokenId", 403):
        connect(session, "iam").list_users(MaxItems=1)

    iam.update_access_key(UserName=name, AccessKeyId=key_id, Status="Active")
    assert sts.get_caller_identity()["Arn"] == user_arn(name)


def test_update_access_key_errors(iam, make_user):
    a, _ = make_user(with_key=False)
    b, _ = make_user(with_key=False)
    key = iam.create_access_key(UserName=a)["AccessKey"]["AccessKeyId"]
    with aws_error("NoSuchEntity", 404):
        iam.update_access_key(UserName=b, AccessKeyId=key, Status="Inactive")
    with aws_error("NoSuchEntity", 404):
        iam.update_access_key(UserName=a, AccessKeyId="AKIA" + "Z" * 16, Status="Inactive")
    with aws_error("ValidationError", 400):
        iam.update_access_key(UserName=a, AccessKeyId=key, Status="Sleeping")
    assert iam.list_access_keys(UserName=a)["AccessKeyMetadata"][0]["Status"] == "Active"


def test_delete_access_key(iam, make_user, connect):
    name, session = make_user(policy_arns=[ADMIN_POLICY])
    key_id = session.get_credentials().access_key
    iam.delete_access_key(UserName=name, AccessKeyId=key_id)
    assert iam.list_access_keys(UserName=name)["AccessKeyMetadata"] == []
    with aws_error("InvalidClientTokenId", 403):
        connect(session, "sts").get_caller_identity()
    with aws_error("NoSuchEntity", 404):
        iam.delete_access_key(UserName=name, AccessKeyId=key_id)


def test_delete_access_key_of_another_user(iam, make_user):
    a, _ = make_user(with_key=False)
    b, _ = make_user(with_key=False)
    key = iam.create_access_key(UserName=a)["AccessKey"]["AccessKeyId"]
    with aws_error("NoSuchEntity", 404):
        iam.delete_access_key(UserName=b, AccessKeyId=key)
    assert [k["AccessKeyId"] for k in iam.list_access_keys(UserName=a)["AccessKeyMetadata"]] == [key]


def test_last_used_before_use(iam, make_user):
    name, session = make_user()
    key_id = session.get_credentials().access_key
    resp = iam.get_access_key_last_used(AccessKeyId=key_id)
    assert resp["UserName"] == name
    last = resp["AccessKeyLastUsed"]
    assert last["ServiceName"] == "N/A"
    assert last["Region"] == "N/A"
    assert "LastUsedDate" not in last


def test_last_used_after_sts_call(iam, make_user, connect):
    name, session = make_user()
    key_id = session.get_credentials().access_key
    before = utcnow() - dt.timedelta(seconds=60)
    connect(session, "sts").get_caller_identity()

    def used():
        last = iam.get_access_key_last_used(AccessKeyId=key_id)["AccessKeyLastUsed"]
        return last if last.get("ServiceName") != "N/A" else None

    last = wait_until(used, timeout=5)
    assert last, "GetAccessKeyLastUsed still says N/A after the key was used"
    assert last["ServiceName"] == "sts"
    assert last["Region"] == "us-east-1"
    assert before <= last["LastUsedDate"] <= utcnow() + dt.timedelta(seconds=60)


def test_last_used_after_iam_call(iam, make_user, connect):
    name, session = make_user(policy_arns=[ADMIN_POLICY])
    key_id = session.get_credentials().access_key
    connect(session, "iam").get_user()

    def used():
        last = iam.get_access_key_last_used(AccessKeyId=key_id)["AccessKeyLastUsed"]
        return last if last.get("ServiceName") == "iam" else None

    last = wait_until(used, timeout=5)
    assert last and last["ServiceName"] == "iam"
    assert "LastUsedDate" in last


def test_root_access_keys(root_iam, root_sts, connect):
    """Root manages its own keys without UserName; at most two."""
    listed = root_iam.list_access_keys()["AccessKeyMetadata"]
    assert ROOT_KEY_ID in {k["AccessKeyId"] for k in listed}
    assert len(listed) == 1, "test expects only the key created by `rampart init`"
    extra = root_iam.create_access_key()["AccessKey"]
    try:
        assert KEY_ID.match(extra["AccessKeyId"]) and len(extra["SecretAccessKey"]) == 40
        ident = connect(session_from_key(extra), "sts").get_caller_identity()
        assert ident["Arn"] == ROOT_ARN
        with aws_error("LimitExceeded", 409):
            root_iam.create_access_key()
    finally:
        root_iam.delete_access_key(AccessKeyId=extra["AccessKeyId"])
    assert [k["AccessKeyId"] for k in root_iam.list_access_keys()["AccessKeyMetadata"]] == [ROOT_KEY_ID]
    assert root_sts.get_caller_identity()["Arn"] == ROOT_ARN


@pytest.mark.parametrize("status", ["Active", "Inactive"])
def test_list_access_keys_reports_status(iam, make_user, status):
    name, _ = make_user(with_key=False)
    key = iam.create_access_key(UserName=name)["AccessKey"]["AccessKeyId"]
    iam.update_access_key(UserName=name, AccessKeyId=key, Status=status)
    assert iam.list_access_keys(UserName=name)["AccessKeyMetadata"][0]["Status"] == status

"""Managing one's own access keys in the console: each action is the IAM operation it stands for,
authorized by the principal's own policies; the secret is shown once; the limit of two holds."""

from __future__ import annotations

import itertools
import re

import boto3
import pytest

from console_helpers import ConsoleClient, console_fixtures
from e2e_helpers import ACCOUNT_ID, REGION, dumps, unique

PASSWORD = "Correct-Horse-9-Battery"
_addresses = itertools.count(1)
server, iam = console_fixtures("console-keys")

OWN_KEYS = {"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Action": ["iam:ListAccessKeys", "iam:CreateAccessKey", "iam:UpdateAccessKey",
                                  "iam:DeleteAccessKey"],
    "Resource": "arn:aws:iam::*:user/${aws:username}"}]}


def signed_in(server, iam, policy=OWN_KEYS) -> tuple[str, ConsoleClient]:
    user = unique("keys")
    iam.create_user(UserName=user)
    iam.create_login_profile(UserName=user, Password=PASSWORD)
    if policy:
        iam.put_user_policy(UserName=user, PolicyName="own-keys", PolicyDocument=dumps(policy))
    client = ConsoleClient(server.endpoint, client_ip=f"198.51.100.{next(_addresses)}")
    client.sign_in(ACCOUNT_ID, user, PASSWORD)
    return user, client


def caller(server, key_id, secret):
    return boto3.client("sts", endpoint_url=server.endpoint, region_name=REGION, aws_access_key_id=key_id,
                        aws_secret_access_key=secret).get_caller_identity()


def test_create_use_deactivate_and_delete_a_key(server, iam):
    user, client = signed_in(server, iam)
    assert 'id="no-keys"' in client.get("/console/keys").text
    page = client.post("/console/keys/create", {})
    key_id = re.search(r'id="new-key-id">([^<]+)<', page.text).group(1)
    secret = re.search(r'id="new-key-secret">([^<]+)<', page.text).group(1)
    assert caller(server, key_id, secret)["Arn"] == f"arn:aws:iam::{ACCOUNT_ID}:user/{user}"
    listing = client.get("/console/keys")
    assert key_id in listing.text and secret not in listing.text
    client.post("/console/keys/create", {})
    third = client.post("/console/keys/create", {})
    # The API's limit, in words (LimitExceeded "Cannot exceed quota for AccessKeysPerUser: 2").
    assert third.message == ("You already have as many access keys as allowed (2). Delete one you no longer use, "
                             "then create the new one.")
    off = client.post("/console/keys/status", {"key": key_id, "status": "Inactive"})
    assert "The key is now inactive." in off.text
    with pytest.raises(Exception) as refused:
        caller(server, key_id, secret)
    assert "InvalidClientTokenId" in str(refused.value)
    gone = client.post("/console/keys/delete", {"key": key_id})
    assert "The key was deleted." in gone.text and key_id not in gone.text.split("notice")[-1]
    assert key_id not in [k["AccessKeyId"] for k in iam.list_access_keys(UserName=user)["AccessKeyMetadata"]]


def test_policies_decide(server, iam):
    _, client = signed_in(server, iam, policy=None)
    page = client.get("/console/keys")
    assert page.message == (f"You cannot do this: your permissions do not include iam:ListAccessKeys. Ask an "
                            f"administrator of account {ACCOUNT_ID} to allow iam:ListAccessKeys for you.")
    refused = client.post("/console/keys/create", {})
    assert "iam:CreateAccessKey" in refused.message and 'id="new-key-secret"' not in refused.text


def test_another_users_key_cannot_be_touched(server, iam):
    victim = unique("victim")
    iam.create_user(UserName=victim)
    victim_key = iam.create_access_key(UserName=victim)["AccessKey"]["AccessKeyId"]
    _, client = signed_in(server, iam)
    refused = client.post("/console/keys/delete", {"key": victim_key})
    assert refused.message and "cannot be found" in refused.message
    assert victim_key in [k["AccessKeyId"] for k in iam.list_access_keys(UserName=victim)["AccessKeyMetadata"]]

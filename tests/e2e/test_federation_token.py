"""sts:GetFederationToken: an IAM user (or root) hands out credentials of a federated user
`federated-user/<Name>`, whose permissions are the intersection of the caller's policies and the
session policies (none without a session policy); it calls no IAM operation and of STS only
GetCallerIdentity; its calls are in the trail as `FederatedUser` with the issuing user as
`sessionIssuer`. Behaviour from the STS API reference (GetFederationToken) and the IAM User Guide
(id_credentials_temp_request, "Comparing the AWS STS API operations")."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from botocore.exceptions import ClientError

from e2e_helpers import ACCOUNT_ID, aws_error, dumps, session_from_credentials, unique
from trail_helpers import lookup_all, records, since

CALLER_POLICY = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": ["sts:GetFederationToken", "cloudtrail:*", "organizations:Describe*"],
     "Resource": "*"}]}
LOOKUP_ONLY = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "cloudtrail:LookupEvents", "Resource": "*"}]}


def refused(call, action: str) -> None:
    """A policy refusal, in the words JSON services use for it (the code is the service's)."""
    with pytest.raises(ClientError) as error:
        call()
    assert error.value.response["Error"]["Code"] in ("AccessDenied", "AccessDeniedException")
    assert f"is not authorized to perform: {action}" in error.value.response["Error"]["Message"]


@pytest.fixture
def federator(iam, make_user):
    name, session = make_user()
    iam.put_user_policy(UserName=name, PolicyName="federate", PolicyDocument=dumps(CALLER_POLICY))
    return name, session


def federated(connect, session, name: str, **kwargs):
    answer = connect(session, "sts").get_federation_token(Name=name, **kwargs)
    return answer, session_from_credentials(answer["Credentials"])


def test_identity_and_answer(connect, federator):
    user, session = federator
    answer, fed = federated(connect, session, "bob", Policy=dumps(LOOKUP_ONLY))
    assert answer["FederatedUser"] == {"FederatedUserId": f"{ACCOUNT_ID}:bob",
                                       "Arn": f"arn:aws:sts::{ACCOUNT_ID}:federated-user/bob"}
    assert answer["Credentials"]["AccessKeyId"].startswith("ASIA")
    assert 1 <= answer["PackedPolicySize"] <= 100
    expires = answer["Credentials"]["Expiration"]
    assert dt.timedelta(hours=11, minutes=59) < expires - dt.datetime.now(dt.timezone.utc) <= dt.timedelta(hours=12)
    me = connect(fed, "sts").get_caller_identity()
    assert me == {"UserId": f"{ACCOUNT_ID}:bob", "Account": ACCOUNT_ID,
                  "Arn": f"arn:aws:sts::{ACCOUNT_ID}:federated-user/bob", "ResponseMetadata": me["ResponseMetadata"]}


def test_permissions_are_the_intersection_and_nothing_without_a_session_policy(connect, federator):
    _, session = federator
    _, fed = federated(connect, session, "narrow", Policy=dumps(LOOKUP_ONLY))
    connect(fed, "cloudtrail").lookup_events(MaxResults=1)
    # The caller may; the session policy does not.
    refused(connect(fed, "organizations").describe_organization, "organizations:DescribeOrganization")
    _, bare = federated(connect, session, "bare")
    refused(lambda: connect(bare, "cloudtrail").lookup_events(MaxResults=1), "cloudtrail:LookupEvents")
    # A session policy cannot grant what the caller lacks.
    _, wide = federated(connect, session, "wide", Policy=dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
    connect(wide, "cloudtrail").lookup_events(MaxResults=1)
    with aws_error("AccessDenied", 403):
        connect(wide, "sts").get_federation_token(Name="again")


def test_no_iam_and_of_sts_only_get_caller_identity(connect, federator):
    _, session = federator
    _, fed = federated(connect, session, "limited", Policy=dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
    with aws_error("AccessDenied", 403, "iam:ListUsers"):
        connect(fed, "iam").list_users()
    with aws_error("AccessDenied", 403, "Cannot call GetSessionToken with session credentials"):
        connect(fed, "sts").get_session_token()
    with aws_error("AccessDenied", 403, "Cannot call GetFederationToken with session credentials"):
        connect(fed, "sts").get_federation_token(Name="chained")


def test_the_caller_needs_the_permission(connect, make_user):
    _, session = make_user()
    with aws_error("AccessDenied", 403, "sts:GetFederationToken"):
        connect(session, "sts").get_federation_token(Name="nobody")


def test_root_sessions_are_capped_at_an_hour(connect, root):
    answer, fed = federated(connect, root, "rootfed", DurationSeconds=7200, Policy=dumps(LOOKUP_ONLY))
    left = answer["Credentials"]["Expiration"] - dt.datetime.now(dt.timezone.utc)
    assert dt.timedelta(minutes=59) < left <= dt.timedelta(hours=1)
    connect(fed, "cloudtrail").lookup_events(MaxResults=1)
    refused(connect(fed, "organizations").describe_organization, "organizations:DescribeOrganization")


def test_validation_at_the_edges(connect, federator):
    _, session = federator
    sts = connect(session, "sts")
    with aws_error("ValidationError", 400):
        sts.get_federation_token(Name="b")  # 2 to 32 characters
    with aws_error("ValidationError", 400):
        sts.get_federation_token(Name="x" * 33)
    with aws_error("ValidationError", 400):
        sts.get_federation_token(Name="has space")
    sts.get_federation_token(Name="xy")
    sts.get_federation_token(Name="y" * 32)
    with aws_error("ValidationError", 400):
        sts.get_federation_token(Name="edge", DurationSeconds=899)
    with aws_error("ValidationError", 400):
        sts.get_federation_token(Name="edge", DurationSeconds=129601)
    sts.get_federation_token(Name="edge", DurationSeconds=900)
    sts.get_federation_token(Name="edge", DurationSeconds=129600)
    with aws_error("MalformedPolicyDocument", 400):
        sts.get_federation_token(Name="edge", Policy='{"Version": "2012-10-17", "Statement": [}')
    # Session tags count toward the packed size as well as the policy.
    tags = [{"Key": f"k{i}" + "k" * 100, "Value": "v" * 200} for i in range(10)]
    with aws_error("PackedPolicyTooLarge", 400):
        sts.get_federation_token(Name="edge", Policy=dumps(LOOKUP_ONLY), Tags=tags)


def test_a_deleted_caller_takes_its_federated_users_with_it(connect, iam, federator):
    user, session = federator
    _, fed = federated(connect, session, "orphan", Policy=dumps(LOOKUP_ONLY))
    connect(fed, "cloudtrail").lookup_events(MaxResults=1)
    for key in iam.list_access_keys(UserName=user)["AccessKeyMetadata"]:
        iam.delete_access_key(UserName=user, AccessKeyId=key["AccessKeyId"])
    iam.delete_user_policy(UserName=user, PolicyName="federate")
    iam.delete_user(UserName=user)
    with pytest.raises(Exception) as refused:
        connect(fed, "sts").get_caller_identity()
    assert "InvalidClientTokenId" in str(refused.value) or "ExpiredToken" in str(refused.value)


def test_the_trail_names_the_federated_user_and_its_issuer(connect, admin, iam, federator):
    user, session = federator
    name = unique("fed")[:32]
    answer, fed = federated(connect, session, name, Policy=dumps(LOOKUP_ONLY))
    connect(fed, "cloudtrail").lookup_events(MaxResults=1)
    cloudtrail = connect(admin, "cloudtrail")
    issued = [r for r in records(lookup_all(cloudtrail, "EventName", "GetFederationToken", StartTime=since(30)))
              if r["requestParameters"]["name"] == name]
    assert len(issued) == 1
    assert issued[0]["responseElements"]["federatedUser"] == {
        "federatedUserId": f"{ACCOUNT_ID}:{name}", "arn": f"arn:aws:sts::{ACCOUNT_ID}:federated-user/{name}"}
    assert answer["Credentials"]["SecretAccessKey"] not in json.dumps(issued[0])
    assert answer["Credentials"]["SessionToken"] not in json.dumps(issued[0])
    calls = [r for r in records(lookup_all(cloudtrail, "Username", name, StartTime=since(30)))
             if r["eventName"] == "LookupEvents"]
    assert calls, "the federated user's call is found by its name"
    identity = calls[0]["userIdentity"]
    user_id = iam.get_user(UserName=user)["User"]["UserId"]
    assert identity["type"] == "FederatedUser"
    assert identity["principalId"] == f"{ACCOUNT_ID}:{name}"
    assert identity["arn"] == f"arn:aws:sts::{ACCOUNT_ID}:federated-user/{name}"
    assert identity["accessKeyId"] == answer["Credentials"]["AccessKeyId"]
    assert identity["sessionContext"]["sessionIssuer"] == {
        "type": "IAMUser", "principalId": user_id, "arn": f"arn:aws:iam::{ACCOUNT_ID}:user/{user}",
        "accountId": ACCOUNT_ID, "userName": user}
    assert identity["sessionContext"]["attributes"]["mfaAuthenticated"] == "false"

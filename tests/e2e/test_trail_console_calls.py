"""What the console does for a signed-in person is in the audit trail as the API calls it is, as AWS
records its console's calls: the principal's identity, `sessionCredentialFromConsole: "true"`, the
browser's address and User-Agent, no secret, and a refused call with its AccessDenied."""

from __future__ import annotations

import json
import re

from console_helpers import ConsoleClient, console_fixtures
from e2e_helpers import ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_SECRET, REGION, dumps, make_session, unique
from trail_helpers import lookup_all, records, since

PASSWORD = "Correct-Horse-9-Battery"
AGENT = "Mozilla/5.0 (X11; Linux x86_64) console-trail/1.0"
server, iam = console_fixtures("console-trail", ["--lookup-events-per-second", "0"])

OWN_KEYS = {"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Action": ["iam:ListAccessKeys", "iam:CreateAccessKey", "iam:DeleteAccessKey"],
    "Resource": "arn:aws:iam::*:user/${aws:username}"}]}


def cloudtrail(server):
    return make_session(ADMIN_KEY_ID, ADMIN_SECRET).client("cloudtrail", endpoint_url=server.endpoint,
                                                           region_name=REGION)


def signed_in(server, iam, ip: str, policy=OWN_KEYS) -> tuple[str, ConsoleClient]:
    user = unique("console-trail")
    iam.create_user(UserName=user)
    iam.create_login_profile(UserName=user, Password=PASSWORD)
    if policy:
        iam.put_user_policy(UserName=user, PolicyName="own-keys", PolicyDocument=dumps(policy))
    client = ConsoleClient(server.endpoint, client_ip=ip, user_agent=AGENT)
    client.sign_in(ACCOUNT_ID, user, PASSWORD)
    return user, client


def calls_of(server, user: str) -> list[dict]:
    return [r for r in records(lookup_all(cloudtrail(server), "Username", user, StartTime=since(60)))
            if r["eventType"] == "AwsApiCall"]


def test_a_key_created_and_deleted_in_the_console_is_recorded_as_its_calls(server, iam):
    user, client = signed_in(server, iam, "198.51.100.71")
    page = client.post("/console/keys/create", {})
    key_id = re.search(r'id="new-key-id">([^<]+)<', page.text).group(1)
    secret = re.search(r'id="new-key-secret">([^<]+)<', page.text).group(1)
    client.post("/console/keys/delete", {"key": key_id})

    calls = calls_of(server, user)
    by_name = {}
    for record in calls:
        by_name.setdefault(record["eventName"], []).append(record)
    assert {"CreateAccessKey", "DeleteAccessKey", "ListAccessKeys"} <= set(by_name), sorted(by_name)
    created = by_name["CreateAccessKey"][0]
    user_id = iam.get_user(UserName=user)["User"]["UserId"]
    assert created["userIdentity"]["type"] == "IAMUser" and created["userIdentity"]["principalId"] == user_id
    assert created["userIdentity"]["arn"] == f"arn:aws:iam::{ACCOUNT_ID}:user/{user}"
    assert created["eventSource"] == "iam.amazonaws.com"
    assert created["sessionCredentialFromConsole"] == "true"
    assert created["sourceIPAddress"] == "198.51.100.71" and created["userAgent"] == AGENT
    assert created["responseElements"]["accessKey"]["accessKeyId"] == key_id
    assert "errorCode" not in created
    deleted = by_name["DeleteAccessKey"][0]
    assert deleted["requestParameters"] == {"userName": user, "accessKeyId": key_id}, deleted["requestParameters"]
    for record in calls:
        assert secret not in json.dumps(record)
        assert record["sessionCredentialFromConsole"] == "true"
    # Each call once: the write's event commits with it and is not written again after it.
    assert len({r["eventID"] for r in calls}) == len(calls)
    assert len(by_name["CreateAccessKey"]) == 1 and len(by_name["DeleteAccessKey"]) == 1


def test_a_refused_console_call_is_recorded_with_access_denied(server, iam):
    user, client = signed_in(server, iam, "198.51.100.72", policy=None)
    assert "iam:CreateAccessKey" in client.post("/console/keys/create", {}).message
    refused = [r for r in calls_of(server, user) if r["eventName"] == "CreateAccessKey"]
    assert len(refused) == 1, refused
    assert refused[0]["errorCode"] == "AccessDenied"
    assert "is not authorized to perform: iam:CreateAccessKey" in refused[0]["errorMessage"]
    assert "responseElements" not in refused[0] or refused[0]["responseElements"] is None
    assert iam.list_access_keys(UserName=user)["AccessKeyMetadata"] == []


def test_api_calls_do_not_claim_the_console(server, iam):
    name = unique("api-only")
    iam.create_user(UserName=name)
    created = [r for r in records(lookup_all(cloudtrail(server), "EventName", "CreateUser", StartTime=since(30)))
               if r["requestParameters"].get("userName") == name]
    assert len(created) == 1 and "sessionCredentialFromConsole" not in created[0]

"""The CloudTrail records themselves, field by field against the examples in AWS's CloudTrail user guide
(structure and field names, not values): ConsoleLogin with and without MFA for the root user and an IAM
user (signed in over HTTP), AssumeRole, GetSessionToken with MFA and the calls its credentials make,
CreateUser, a refused call, and the organization view of LookupEvents. A server of its own: the console
sign-ins come from addresses of their own through a trusted proxy header."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from console_helpers import ConsoleClient, add_own_authenticator, start_console_server
from e2e_helpers import (
    ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_SECRET, BOTO_CONFIG, REGION, ROOT_EMAIL, ROOT_KEY_ID, ROOT_PASSWORD,
    ROOT_SECRET, RampartServer, account_trust_doc, aws_error, dumps, make_session, run_rampart,
    session_from_credentials, unique,
)
from mfa_helpers import code, create_device, enable, wait_for_fresh_step
from org_helpers import organization_fixture
from trail_helpers import lookup_all, only, records, since

PASSWORD = "Trail-Passw0rd-9!"
EVENT_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")

# The top-level fields of every record, in the order CloudTrail writes them (optional ones may be absent).
ORDER = ["eventVersion", "userIdentity", "eventTime", "eventSource", "eventName", "awsRegion", "sourceIPAddress",
         "userAgent", "errorCode", "errorMessage", "requestParameters", "responseElements", "additionalEventData",
         "requestID", "eventID", "readOnly", "resources", "eventType", "managementEvent", "recipientAccountId",
         "sharedEventID", "eventCategory", "sessionCredentialFromConsole"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    started = start_console_server(tmp_path_factory, "trail-records", ["--lookup-events-per-second", "0"])
    yield started
    started.stop()


@pytest.fixture(scope="module")
def client(server):
    admin = make_session(ADMIN_KEY_ID, ADMIN_SECRET)
    return lambda service, session=admin: session.client(service, endpoint_url=server.endpoint,
                                                         region_name=REGION, config=BOTO_CONFIG)


def check_common(record: dict, event_type: str = "AwsApiCall") -> None:
    present = [key for key in record if key in ORDER]
    assert present == [key for key in ORDER if key in record], list(record)
    assert set(record) <= set(ORDER), set(record) - set(ORDER)
    assert record["eventVersion"] == "1.10"
    assert ISO.match(record["eventTime"])
    assert EVENT_ID.match(record["eventID"])
    assert record["eventType"] == event_type
    assert record["managementEvent"] is True and record["eventCategory"] == "Management"
    assert record["awsRegion"] == REGION


def console_login(server, client, who: str, ip: str) -> dict:
    events = lookup_all(client("cloudtrail"), "Username", who, StartTime=since(30))
    logins = [r for r in records(events) if r["eventName"] == "ConsoleLogin" and r["sourceIPAddress"] == ip]
    assert len(logins) == 1, [r["eventName"] for r in records(events)]
    return logins[0]


def test_console_login_of_an_iam_user_without_and_with_mfa(server, client):
    iam = client("iam")
    name = unique("trail-console")
    iam.create_user(UserName=name)
    user_id = iam.get_user(UserName=name)["User"]["UserId"]
    iam.create_login_profile(UserName=name, Password=PASSWORD)
    agent = "Mozilla/5.0 (X11; Linux x86_64) trail-records/1.0"
    browser = ConsoleClient(server.endpoint, client_ip="198.51.100.21", user_agent=agent)
    assert 'id="arn"' in browser.sign_in(ACCOUNT_ID, name, PASSWORD).text
    record = console_login(server, client, name, "198.51.100.21")
    check_common(record, "AwsConsoleSignIn")
    assert record["userAgent"] == agent
    assert record["userIdentity"] == {"type": "IAMUser", "principalId": user_id,
                                      "arn": f"arn:aws:iam::{ACCOUNT_ID}:user/{name}", "accountId": ACCOUNT_ID,
                                      "accessKeyId": "", "userName": name}
    assert record["eventSource"] == "signin.amazonaws.com"
    assert record["requestParameters"] is None
    assert record["responseElements"] == {"ConsoleLogin": "Success"}
    assert record["additionalEventData"] == {"LoginTo": record["additionalEventData"]["LoginTo"],
                                             "MobileVersion": "No", "MFAUsed": "No"}
    assert record["readOnly"] is False and record["recipientAccountId"] == ACCOUNT_ID
    assert "errorMessage" not in record

    serial, seed = create_device(iam, unique("trail-dev"))
    wait_for_fresh_step()
    enable(iam, name, serial, seed)
    browser = ConsoleClient(server.endpoint, client_ip="198.51.100.22", user_agent=agent + " second")
    assert browser.sign_in(ACCOUNT_ID, name, PASSWORD).url.endswith("/console/mfa")
    assert 'id="arn"' in browser.post("/console/mfa", {"code": code(seed, 1)}).text
    record = console_login(server, client, name, "198.51.100.22")
    check_common(record, "AwsConsoleSignIn")
    assert record["additionalEventData"]["MFAUsed"] == "Yes"
    assert record["responseElements"] == {"ConsoleLogin": "Success"}
    checks = [r for r in records(lookup_all(client("cloudtrail"), "EventName", "CheckMfa", StartTime=since(30)))
              if r["userIdentity"].get("userName") == name]
    assert checks and all(r["eventSource"] == "signin.amazonaws.com" for r in checks)
    assert {r["userAgent"] for r in checks if r["sourceIPAddress"] == "198.51.100.22"} == {agent + " second"}
    assert {r["responseElements"]["CheckMfa"] for r in checks} == {"Success"}

    # A wrong password: a failed ConsoleLogin with AWS's message.
    ConsoleClient(server.endpoint, client_ip="198.51.100.23").sign_in(ACCOUNT_ID, name, "Wrong-Passw0rd-1!")
    failed = console_login(server, client, name, "198.51.100.23")
    assert failed["responseElements"] == {"ConsoleLogin": "Failure"}
    assert failed["errorMessage"] == "Failed authentication"


def test_console_login_of_the_root_user_without_and_with_mfa(server, client):
    browser = ConsoleClient(server.endpoint, client_ip="198.51.100.31")
    reply = browser.sign_in_root(ROOT_EMAIL, ROOT_PASSWORD)
    if reply.url.endswith("/console/enroll"):
        browser.post("/console/enroll", {"action": "setup"})
    record = console_login(server, client, "root", "198.51.100.31")
    check_common(record, "AwsConsoleSignIn")
    assert record["userIdentity"] == {"type": "Root", "principalId": ACCOUNT_ID,
                                      "arn": f"arn:aws:iam::{ACCOUNT_ID}:root", "accountId": ACCOUNT_ID,
                                      "accessKeyId": ""}
    assert record["additionalEventData"]["MFAUsed"] == "No"
    assert record["responseElements"] == {"ConsoleLogin": "Success"}

    _, seed = add_own_authenticator(browser, unique("root-app"))
    again = ConsoleClient(server.endpoint, client_ip="198.51.100.32")
    assert again.sign_in_root(ROOT_EMAIL, ROOT_PASSWORD).url.endswith("/console/mfa")
    again.post("/console/mfa", {"code": code(seed, 1)})
    record = console_login(server, client, "root", "198.51.100.32")
    check_common(record, "AwsConsoleSignIn")
    assert record["additionalEventData"]["MFAUsed"] == "Yes"
    assert record["userIdentity"]["type"] == "Root"


def test_create_user_record(server, client):
    iam = client("iam")
    name = unique("trail-cu")
    user = iam.create_user(UserName=name, Path="/trail/")["User"]
    record = only(lookup_all(client("cloudtrail"), "ResourceName", name, StartTime=since()), "CreateUser")
    check_common(record)
    identity = record["userIdentity"]
    assert identity["type"] == "IAMUser" and identity["userName"] == "admin"
    assert identity["arn"] == f"arn:aws:iam::{ACCOUNT_ID}:user/admin"
    assert identity["accessKeyId"] == ADMIN_KEY_ID and identity["accountId"] == ACCOUNT_ID
    assert identity["principalId"].startswith("AIDA")
    assert record["eventSource"] == "iam.amazonaws.com"
    assert record["requestParameters"] == {"userName": name, "path": "/trail/"}
    created = record["responseElements"]["user"]
    assert set(created) == {"path", "userName", "userId", "arn", "createDate"}
    assert created["userId"] == user["UserId"] and created["arn"] == user["Arn"]
    assert re.match(r"^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}:\d{2} [AP]M$", created["createDate"])
    assert record["readOnly"] is False and "errorCode" not in record


def test_assume_role_record(server, client):
    iam = client("iam")
    role = unique("trail-role")
    arn = iam.create_role(RoleName=role, AssumeRolePolicyDocument=dumps(account_trust_doc()))["Role"]["Arn"]
    session_name = unique("sess")[:60]
    answer = client("sts").assume_role(RoleArn=arn, RoleSessionName=session_name, DurationSeconds=1200)
    creds = answer["Credentials"]
    # AssumeRole names the role by its ARN, as AWS's resources do.
    record = only(lookup_all(client("cloudtrail"), "ResourceName", arn, StartTime=since()), "AssumeRole")
    check_common(record)
    assert record["eventSource"] == "sts.amazonaws.com"
    assert record["userIdentity"]["type"] == "IAMUser"
    assert record["requestParameters"] == {"roleArn": arn, "roleSessionName": session_name, "durationSeconds": 1200}
    response = record["responseElements"]
    assert set(response["credentials"]) == {"accessKeyId", "expiration"}
    assert response["credentials"]["accessKeyId"] == creds["AccessKeyId"]
    assert response["assumedRoleUser"] == {"assumedRoleId": answer["AssumedRoleUser"]["AssumedRoleId"],
                                           "arn": answer["AssumedRoleUser"]["Arn"]}
    body = json.dumps(record)
    assert creds["SecretAccessKey"] not in body and creds["SessionToken"] not in body

    # A call made with the role's credentials: AssumedRole identity with its session issuer.
    role_iam = client("iam", session_from_credentials(creds))
    with aws_error("AccessDenied", 403):
        role_iam.list_users()
    denied = only(lookup_all(client("cloudtrail"), "AccessKeyId", creds["AccessKeyId"], StartTime=since()),
                  "ListUsers")
    identity = denied["userIdentity"]
    assert identity["type"] == "AssumedRole"
    assert identity["arn"] == answer["AssumedRoleUser"]["Arn"]
    assert identity["principalId"] == answer["AssumedRoleUser"]["AssumedRoleId"]
    assert identity["sessionContext"]["sessionIssuer"] == {
        "type": "Role", "principalId": answer["AssumedRoleUser"]["AssumedRoleId"].split(":")[0], "arn": arn,
        "accountId": ACCOUNT_ID, "userName": role}
    assert identity["sessionContext"]["attributes"]["mfaAuthenticated"] == "false"
    assert ISO.match(identity["sessionContext"]["attributes"]["creationDate"])
    assert denied["errorCode"] == "AccessDenied"
    assert "iam:ListUsers" in denied["errorMessage"]
    assert "responseElements" not in denied or denied["responseElements"] is None


def test_get_session_token_with_mfa_marks_its_calls_mfa_authenticated(server, client):
    iam = client("iam")
    name = unique("trail-mfa")
    iam.create_user(UserName=name)
    iam.attach_user_policy(UserName=name, PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
    key = iam.create_access_key(UserName=name)["AccessKey"]
    serial, seed = create_device(iam, unique("trail-sts"))
    wait_for_fresh_step()
    enable(iam, name, serial, seed)
    sts = client("sts", make_session(key["AccessKeyId"], key["SecretAccessKey"]))
    creds = sts.get_session_token(SerialNumber=serial, TokenCode=code(seed, 1), DurationSeconds=900)["Credentials"]
    events = lookup_all(client("cloudtrail"), "Username", name, StartTime=since(30))
    record = only(events, "GetSessionToken")
    check_common(record)
    assert record["requestParameters"] == {"durationSeconds": 900, "serialNumber": serial}
    assert set(record["responseElements"]["credentials"]) == {"accessKeyId", "expiration"}
    assert "assumedRoleUser" not in record["responseElements"]

    client("iam", session_from_credentials(creds)).get_user(UserName=name)
    made = only(lookup_all(client("cloudtrail"), "AccessKeyId", creds["AccessKeyId"], StartTime=since()), "GetUser")
    identity = made["userIdentity"]
    assert identity["type"] == "IAMUser" and identity["userName"] == name
    assert identity["accessKeyId"] == creds["AccessKeyId"]
    assert identity["sessionContext"]["attributes"]["mfaAuthenticated"] == "true"
    assert identity["sessionContext"]["sessionIssuer"] == {}


# ---------------------------------------------------------------------------
# The organization view
# ---------------------------------------------------------------------------
org = organization_fixture("trail-org", extra_args=["--lookup-events-per-second", "0"])


def test_management_sees_members_events_and_members_only_their_own(org):
    member = org.create_account()
    member_session = org.member_session(member)
    member_iam = org.client(member_session, "iam")
    in_member = unique("trail-m")
    member_iam.create_user(UserName=in_member)
    in_management = unique("trail-o")
    org.client(org.admin, "iam").create_user(UserName=in_management)
    start = since(30)

    management = org.client(org.admin, "cloudtrail")
    found = records(lookup_all(management, "ResourceName", in_member, StartTime=start))
    assert [r["eventName"] for r in found] == ["CreateUser"]
    assert found[0]["recipientAccountId"] == member
    assert found[0]["userIdentity"]["accountId"] == member
    assert [r["eventName"] for r in records(lookup_all(management, "ResourceName", in_management,
                                                       StartTime=start))] == ["CreateUser"]

    member_trail = org.client(member_session, "cloudtrail")
    assert lookup_all(member_trail, "ResourceName", in_management, StartTime=start) == []
    own = records(lookup_all(member_trail, "ResourceName", in_member, StartTime=start))
    assert [r["eventName"] for r in own] == ["CreateUser"]
    everything = records(lookup_all(member_trail, StartTime=start))
    assert everything and {r["recipientAccountId"] for r in everything} == {member}

    # A token is the asker's: the member's page token is foreign to the management account.
    page = member_trail.lookup_events(StartTime=start, MaxResults=1)
    assert "NextToken" in page
    with aws_error("InvalidNextTokenException", 400):
        management.lookup_events(StartTime=start, MaxResults=1, NextToken=page["NextToken"])

"""The IAM credential report (GenerateCredentialReport, GetCredentialReport) as AWS hands it out.

The report is per account and lasts four hours, so the module runs a server of its own and each
test works in a fresh standalone account (root session with a root access key). Moving the server's
clock needs requests signed at the server's time: `shifted` moves both.

What AWS does, from its API reference and user guide (id_credentials_getting-report) and from
reports and responses quoted in public projects: the first GenerateCredentialReport answers STARTED
with "No report exists. Starting a new report generation task", a later one COMPLETE with no
Description (prowler-cloud/prowler#272); ReportNotPresent (410) and ReportInProgress (404) come with
no message (botocore shows "Unknown", goldfiglabs/introspector#17); report values are lower-case
true/false and times like 2017-06-10T02:35:07+00:00.
"""

from __future__ import annotations

import base64
import datetime as dt
import subprocess
import sys

import pytest
from botocore.exceptions import ClientError

import mfa_helpers
from e2e_helpers import aws_cli_path, aws_error, cli_env, dumps, make_session, unique, wait_until
from org_helpers import Org, clock_shifter, start_org_server

HEADER = (
    "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
    "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
    "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
    "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,"
    "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,"
    "cert_2_active,cert_2_last_rotated"
)
STARTED_TEXT = "No report exists. Starting a new report generation task"
FOUR_HOURS = 4 * 3600
NO_CERTS = ["false", "N/A", "false", "N/A"]


@pytest.fixture(scope="module")
def org(tmp_path_factory):
    server = start_org_server(tmp_path_factory, "credreport")
    yield Org(server)
    server.stop()


@pytest.fixture
def account(org):
    """A fresh standalone account: (account id, its root's IAM client, its root's session)."""
    account_id, session = org.standalone_account()
    return account_id, org.client(session, "iam"), session


@pytest.fixture
def shifted(org, monkeypatch):
    """shifted(seconds): moves the server clock, and the time boto3 signs with, by `seconds`."""
    yield from clock_shifter(org, monkeypatch)


def stamp(value: dt.datetime) -> str:
    """A time as the report writes it."""
    return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def report(iam) -> tuple[list[list[str]], dict]:
    """GetCredentialReport, decoded: (rows as lists of values, the whole response)."""
    got = iam.get_credential_report()
    assert got["ReportFormat"] == "text/csv"
    text = got["Content"].decode()
    lines = text.split("\n")
    assert lines[0] == HEADER
    return [line.split(",") for line in lines[1:]], got


def last_used(iam, key_id: str) -> dict:
    """The key's last use once the server has recorded it (recorded after the response)."""
    def recorded():
        used = iam.get_access_key_last_used(AccessKeyId=key_id)["AccessKeyLastUsed"]
        return used if "LastUsedDate" in used else None
    used = wait_until(recorded, timeout=10)
    assert used, f"no use of {key_id} recorded"
    return used


def root_key_id(session) -> str:
    return session.get_credentials().get_frozen_credentials().access_key


def test_not_present_before_the_first_report(account):
    _, iam, _ = account
    with aws_error("ReportNotPresent", 410) as err:
        iam.get_credential_report()
    # AWS sends no message: botocore's text says "Unknown".
    assert "Message" not in err.response["Error"]
    assert str(err.exception).endswith(": Unknown")


def test_rows_for_root_and_users(org, account):
    account_id, iam, root = account
    iam.update_account_password_policy(MinimumPasswordLength=8, MaxPasswordAge=90)
    alice, bob = unique("alice"), unique("bob")
    iam.create_user(UserName=alice)
    iam.create_user(UserName=bob)
    iam.create_login_profile(UserName=alice, Password="Str0ng-Passw0rd!x")
    serial, seed = mfa_helpers.create_device(iam, unique("mfa"))
    mfa_helpers.wait_for_fresh_step()
    mfa_helpers.enable(iam, alice, serial, seed)
    iam.put_user_policy(UserName=alice, PolicyName="self", PolicyDocument=dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:GetUser", "Resource": "*"}]}))
    first = iam.create_access_key(UserName=alice)["AccessKey"]
    second = iam.create_access_key(UserName=alice)["AccessKey"]
    org.client(make_session(first["AccessKeyId"], first["SecretAccessKey"]), "iam").get_user()
    alice_use = last_used(iam, first["AccessKeyId"])
    root_use = last_used(iam, root_key_id(root))

    generated = iam.generate_credential_report()
    assert generated["State"] == "STARTED" and generated["Description"] == STARTED_TEXT
    rows, got = report(iam)
    assert abs((got["GeneratedTime"] - dt.datetime.now(dt.timezone.utc)).total_seconds()) < 60
    assert [row[0] for row in rows] == ["<root_account>", alice, bob]
    for row in rows:
        assert len(row) == 22

    # The account was made a moment ago; its root has no password (create-account without one).
    created = dt.datetime.strptime(rows[0][2], "%Y-%m-%dT%H:%M:%S+00:00").replace(tzinfo=dt.timezone.utc)
    assert abs((created - dt.datetime.now(dt.timezone.utc)).total_seconds()) < 120
    root_key = iam.list_access_keys()["AccessKeyMetadata"][0]
    assert rows[0] == [
        "<root_account>", f"arn:aws:iam::{account_id}:root", stamp(created),
        "not_supported", "N/A", "not_supported", "not_supported", "false",
        "true", stamp(root_key["CreateDate"]), stamp(root_use["LastUsedDate"]), root_use["Region"],
        root_use["ServiceName"],
        "false", "N/A", "N/A", "N/A", "N/A", *NO_CERTS,
    ]
    assert root_use["ServiceName"] == "iam" and root_use["Region"] == "us-east-1"

    user = iam.get_user(UserName=alice)["User"]
    changed = iam.get_login_profile(UserName=alice)["LoginProfile"]["CreateDate"]
    assert rows[1] == [
        alice, user["Arn"], stamp(user["CreateDate"]),
        "true", "no_information", stamp(changed), stamp(changed + dt.timedelta(days=90)), "true",
        "true", stamp(first["CreateDate"]), stamp(alice_use["LastUsedDate"]), "us-east-1", "iam",
        "true", stamp(second["CreateDate"]), "N/A", "N/A", "N/A", *NO_CERTS,
    ]
    bob_user = iam.get_user(UserName=bob)["User"]
    assert rows[2] == [
        bob, bob_user["Arn"], stamp(bob_user["CreateDate"]),
        "false", "N/A", "N/A", "N/A", "false",
        "false", "N/A", "N/A", "N/A", "N/A", "false", "N/A", "N/A", "N/A", "N/A", *NO_CERTS,
    ]


def test_reused_for_four_hours_then_expired(account, shifted):
    _, iam, _ = account
    assert iam.generate_credential_report()["State"] == "STARTED"
    _, first = report(iam)
    late = unique("late")
    iam.create_user(UserName=late)

    # Within four hours the report is reused, not regenerated: COMPLETE, no Description.
    again = iam.generate_credential_report()
    assert again["State"] == "COMPLETE" and "Description" not in again
    shifted(FOUR_HOURS - 120)
    assert iam.generate_credential_report()["State"] == "COMPLETE"
    rows, reused = report(iam)
    assert reused["GeneratedTime"] == first["GeneratedTime"]
    assert late not in [row[0] for row in rows]

    # Four hours on, it is expired until a new one is generated.
    shifted(FOUR_HOURS + 60)
    with aws_error("ReportExpired", 410):
        iam.get_credential_report()
    regenerated = iam.generate_credential_report()
    assert regenerated["State"] == "STARTED" and regenerated["Description"] == STARTED_TEXT
    rows, fresh = report(iam)
    assert fresh["GeneratedTime"] - first["GeneratedTime"] >= dt.timedelta(seconds=FOUR_HOURS)
    assert late in [row[0] for row in rows]


def test_generation_needs_permission(org, account):
    _, iam, _ = account
    name = unique("nobody")
    iam.create_user(UserName=name)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    nobody = org.client(make_session(key["AccessKeyId"], key["SecretAccessKey"]), "iam")
    with aws_error("AccessDenied", 403) as err:
        nobody.generate_credential_report()
    assert "iam:GenerateCredentialReport" in err.message
    iam.generate_credential_report()
    with aws_error("AccessDenied", 403) as err:
        nobody.get_credential_report()
    assert "iam:GetCredentialReport" in err.message


def test_report_survives_a_restart(org, account):
    _, iam, _ = account
    iam.generate_credential_report()
    _, before = report(iam)
    org.server.stop()
    org.server.start()
    _, after = report(iam)
    assert after["GeneratedTime"] == before["GeneratedTime"] and after["Content"] == before["Content"]
    assert iam.generate_credential_report()["State"] == "COMPLETE"


def test_aws_cli(org, account, tmp_path):
    account_id, _, root = account
    creds = root.get_credentials().get_frozen_credentials()
    env = cli_env(tmp_path, {"AWS_ACCESS_KEY_ID": creds.access_key, "AWS_SECRET_ACCESS_KEY": creds.secret_key})
    aws = [sys.executable, str(aws_cli_path())]
    endpoint = ["--endpoint-url", org.server.endpoint]

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*aws, *args, *endpoint], capture_output=True, text=True, env=env, timeout=120)

    missing = run("iam", "get-credential-report")
    assert missing.returncode != 0
    assert "An error occurred (ReportNotPresent) when calling the GetCredentialReport operation" in missing.stderr
    started = run("iam", "generate-credential-report", "--output", "json")
    assert started.returncode == 0, started.stderr
    assert '"State": "STARTED"' in started.stdout and STARTED_TEXT in started.stdout
    # As the user guide prints it: --query Content --output text | base64 -d.
    content = run("iam", "get-credential-report", "--query", "Content", "--output", "text")
    assert content.returncode == 0, content.stderr
    decoded = subprocess.run(["base64", "-d"], input=content.stdout, capture_output=True, text=True, check=True)
    lines = decoded.stdout.split("\n")
    assert lines[0] == HEADER
    assert lines[1].startswith(f"<root_account>,arn:aws:iam::{account_id}:root,")
    assert base64.b64decode(content.stdout).decode() == decoded.stdout

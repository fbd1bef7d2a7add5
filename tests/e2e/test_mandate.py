"""The root-user MFA mandate end to end: an organization with management, member, standalone and
GovCloud accounts, a rollout in waves, and root users signing in to the console across their wave's
start, their grace and their deadline, with the server's clock moved. Dry runs change nothing but
the audit events; the report (for any date) matches what happened."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import re

import requests

from console_helpers import ConsoleClient, add_own_authenticator
from e2e_helpers import ACCOUNT_ID, ROOT_EMAIL, ROOT_PASSWORD, run_rampart, unique
from mfa_helpers import code
from org_helpers import Org, organization_fixture

DAY = 86_400
PASSWORD = "Mandate-Root-Passw0rd!"


# 127.0.0.1 is a trusted proxy, so each sign-in comes from an address of its own (no lockouts shared).
org = organization_fixture("mandate", extra_args=["--trusted-proxy", "127.0.0.1"])


def admin(org: Org, *args) -> str:
    return run_rampart("admin", *args, "--endpoint", org.server.endpoint, "--data", org.server.data_dir).stdout


def report(org: Org, when: dt.datetime | None = None) -> dict:
    args = ["mandate", "report", "--format", "json"] + (["--date", when.strftime("%Y-%m-%dT%H:%M:%SZ")] if when else [])
    return json.loads(admin(org, *args))


def row(report_: dict, account: str) -> dict:
    return next(r for r in report_["Accounts"] if r["AccountId"] == account)


def set_clock(org: Org, seconds: int) -> None:
    resp = requests.post(org.server.endpoint + "/_rampart/clock", json={"offset_seconds": seconds}, timeout=10)
    assert resp.status_code < 300, resp.text


_addresses = iter(range(1, 250))


def sign_in_root(org: Org, email: str, password: str):
    client = ConsoleClient(org.server.endpoint, client_ip=f"198.18.7.{next(_addresses)}")
    return client, client.sign_in_root(email, password)


def signed_in(reply) -> bool:
    return 'id="arn"' in reply.text


def standalone_with_password(org: Org) -> tuple[str, str]:
    email = f"{unique('sa')}@example.com"
    out = admin(org, "create-account", "--email", email, "--root-password", PASSWORD)
    return re.search(r"Created account (\d{12})", out).group(1), email


def test_a_rollout_in_waves_across_grace_and_deadline(org: Org):
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    first, first_email = standalone_with_password(org)
    second, second_email = standalone_with_password(org)
    member, member_root = org.standalone_account()
    handshake = org.organizations.invite_account_to_organization(
        Target={"Id": member, "Type": "ACCOUNT"})["Handshake"]["Id"]
    org.client(member_root, "organizations").accept_handshake(HandshakeId=handshake)
    gov = org.organizations.create_gov_cloud_account(Email=f"{unique('gov')}@example.com", AccountName="gov")
    gov_status = org.wait(gov["CreateAccountStatus"]["Id"])
    created = org.create_account()

    start_management = now + dt.timedelta(days=1)
    start_standalone = now + dt.timedelta(days=10)
    admin(org, "mandate", "plan", "--phase", f"MANAGEMENT@{start_management:%Y-%m-%dT%H:%M:%SZ}",
          "--phase", f"STANDALONE@{start_standalone:%Y-%m-%dT%H:%M:%SZ}", "--wave-size", "1",
          "--wave-interval-days", "30")
    planned = report(org)
    assert row(planned, ACCOUNT_ID)["Kind"] == "MANAGEMENT" and row(planned, ACCOUNT_ID)["Wave"] == 1
    assert row(planned, ACCOUNT_ID)["Status"] == "SCHEDULED"
    waves = {row(planned, first)["Wave"], row(planned, second)["Wave"]}
    assert len(waves) == 2 and min(waves) >= 2  # one standalone account per wave, after management
    early, late = sorted((first, second), key=lambda a: row(planned, a)["Wave"])
    emails = {first: first_email, second: second_email}
    assert row(planned, created)["Status"] == "EXEMPT" and row(planned, created)["Reason"] == "no root credentials"
    twin = row(planned, gov_status["GovCloudAccountId"])
    assert twin["Status"] == "EXEMPT" and "aws-us-gov" in twin["Reason"]
    assert row(planned, member)["Kind"] == "MEMBER" and row(planned, member)["Status"] == "OUT_OF_SCOPE"

    try:
        # Before its wave, the management account's root signs in without being asked.
        _, reply = sign_in_root(org, ROOT_EMAIL, ROOT_PASSWORD)
        assert signed_in(reply), (reply.url, reply.message)
        # After its wave's start it is prompted, and may skip for 35 days.
        set_clock(org, 1 * DAY + 60)
        client, reply = sign_in_root(org, ROOT_EMAIL, ROOT_PASSWORD)
        assert reply.url.endswith("/console/enroll") and "35 days left" in reply.text, reply.text
        assert signed_in(client.post("/console/enroll", {"action": "skip"}))
        set_clock(org, 1 * DAY + 60 + 30 * DAY)
        client, reply = sign_in_root(org, ROOT_EMAIL, ROOT_PASSWORD)
        assert "5 days left" in reply.text, reply.text
        # The standalone accounts' waves: the early one has started, the late one not yet.
        _, reply = sign_in_root(org, emails[early], PASSWORD)
        assert reply.url.endswith("/console/enroll"), reply.text
        _, reply = sign_in_root(org, emails[late], PASSWORD)
        assert signed_in(reply), (reply.url, reply.message)
        # Past the deadline: no more skipping.
        set_clock(org, 1 * DAY + 60 + 36 * DAY)
        client, reply = sign_in_root(org, ROOT_EMAIL, ROOT_PASSWORD)
        assert reply.url.endswith("/console/enroll") and "Skip for now" not in reply.text, reply.text
        refused = client.post("/console/enroll", {"action": "skip"})
        assert not signed_in(refused)
    finally:
        set_clock(org, 0)

    then = now + dt.timedelta(days=37, seconds=60)
    after = report(org, then)
    assert row(after, ACCOUNT_ID)["Status"] == "BLOCKED"
    assert row(after, early)["Status"] == "IN_GRACE"
    assert after["Counts"]["BLOCKED"] >= 1
    # The CSV and the table say the same.
    csv = admin(org, "mandate", "report", "--format", "csv", "--date", then.strftime("%Y-%m-%dT%H:%M:%SZ"))
    assert f"{ACCOUNT_ID}," in csv and "BLOCKED" in csv.splitlines()[[l.split(",")[0] for l in csv.splitlines()].index(ACCOUNT_ID)]
    table = admin(org, "mandate", "report", "--date", then.strftime("%Y-%m-%dT%H:%M:%SZ"))
    assert "BLOCKED" in table and "wave 1" in table


def test_exemptions_pause_and_dry_run(org: Org):
    account, email = standalone_with_password(org)
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    admin(org, "mandate", "plan", "--phase", f"STANDALONE@{now - dt.timedelta(days=1):%Y-%m-%dT%H:%M:%SZ}",
          "--wave-size", "1000", "--wave-interval-days", "7", "--dry-run")
    # Report-only: the root signs in without a prompt; the would-be prompt is an audit event.
    _, reply = sign_in_root(org, email, PASSWORD)
    assert signed_in(reply), (reply.url, reply.message)
    assert row(report(org), account)["DryRun"] is True
    # Enforcing now: prompted.
    admin(org, "mandate", "plan", "--phase", f"STANDALONE@{now - dt.timedelta(days=1):%Y-%m-%dT%H:%M:%SZ}",
          "--wave-size", "1000", "--wave-interval-days", "7")
    _, reply = sign_in_root(org, email, PASSWORD)
    assert reply.url.endswith("/console/enroll")
    # An exemption with a reason lets it through.
    expires = (now + dt.timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    admin(org, "mandate", "exempt", "--account-id", account, "--reason", "break-glass drill", "--expires", expires)
    current = row(report(org), account)
    assert current["Status"] == "EXEMPT" and "break-glass drill" in current["Reason"]
    _, reply = sign_in_root(org, email, PASSWORD)
    assert signed_in(reply), (reply.url, reply.message)
    admin(org, "mandate", "unexempt", "--account-id", account)
    # Pausing stops waves that have not started; resuming moves them later by the pause.
    later, later_email = standalone_with_password(org)
    admin(org, "mandate", "plan", "--phase", f"STANDALONE@{now + dt.timedelta(days=2):%Y-%m-%dT%H:%M:%SZ}",
          "--wave-size", "1000", "--wave-interval-days", "7")
    admin(org, "mandate", "pause")
    paused = row(report(org, now + dt.timedelta(days=5)), later)
    assert paused["Status"] == "SCHEDULED" and paused.get("WaveStart") is None
    admin(org, "mandate", "resume")
    resumed = row(report(org, now + dt.timedelta(days=5)), later)
    assert resumed["Status"] == "DUE"
    shown = json.loads(admin(org, "mandate", "show"))["Mandate"]
    assert shown["Rollout"]["WaveSize"] == 1000 and shown["GracePeriodDays"] == 35
    del later_email
    admin(org, "mandate", "cancel")
    # Every step is in the trail, as LookupEvents serves it: the would-be prompt in the standalone
    # account, the operator's changes in the operator's.
    operator = org.client(org.admin, "cloudtrail")
    changes = {e["EventName"] for e in operator.lookup_events(
        LookupAttributes=[{"AttributeKey": "EventSource", "AttributeValue": "rampart.amazonaws.com"}],
        MaxResults=50)["Events"]}
    assert {"MandateExemptionAdded", "MandateExemptionRemoved", "MandateRolloutPaused",
            "MandateRolloutResumed", "MandateRolloutCanceled"} <= changes, changes
    db = sqlite3.connect(f"file:{org.server.data_dir / 'rampart.db'}?mode=ro", uri=True)
    try:
        names = {r[0] for r in db.execute(
            "SELECT event_name FROM trail_events WHERE account = ?", (account,))}
    finally:
        db.close()
    assert {"MFAMandateWouldPrompt", "MFAEnrollmentPrompted", "ConsoleLogin"} <= names, names


def test_phishing_resistant_only_and_scope(org: Org):
    configured = json.loads(admin(org, "mandate", "configure", "--devices", "PHISHING_RESISTANT", "--kinds",
                                  "MANAGEMENT,STANDALONE,MEMBER", "--grace-days", "10"))["Mandate"]
    try:
        assert configured["Devices"] == "PHISHING_RESISTANT" and configured["GracePeriodDays"] == 10
        assert configured["Kinds"] == ["MANAGEMENT", "MEMBER", "STANDALONE"]
        created = org.create_account()
        assert row(report(org), created)["Status"] == "EXEMPT"  # members now in scope, but without root credentials
    finally:
        admin(org, "mandate", "configure", "--devices", "ANY", "--kinds", "MANAGEMENT,STANDALONE", "--grace-days", "35")


def test_a_root_with_only_an_app_proves_it_before_setting_up_a_security_key(org: Org):
    _, email = standalone_with_password(org)
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    admin(org, "mandate", "plan", "--phase", f"STANDALONE@{now - dt.timedelta(days=1):%Y-%m-%dT%H:%M:%SZ}",
          "--wave-size", "1000", "--wave-interval-days", "7")
    try:
        # Any device will do: the root sets up an authenticator app from the enrollment session.
        client, reply = sign_in_root(org, email, PASSWORD)
        assert reply.url.endswith("/console/enroll"), reply.text
        client.post("/console/enroll", {"action": "setup"})
        _, seed = add_own_authenticator(client)
        # From now on only passkeys and security keys satisfy the mandate. The app is asked for first...
        admin(org, "mandate", "configure", "--devices", "PHISHING_RESISTANT", "--grace-days", "10")
        client, reply = sign_in_root(org, email, PASSWORD)
        assert reply.url.endswith("/console/mfa"), (reply.url, reply.text)
        # ...a wrong code does not reach the enrollment...
        wrong = client.post("/console/mfa", {"code": code(seed, 5)})
        assert not wrong.url.endswith("/console/enroll") and wrong.message.startswith("The code is not valid")
        # ...and after the right one the root must add a phishing-resistant device, or skip within the grace.
        enroll = client.post("/console/mfa", {"code": code(seed, 1)})
        assert enroll.url.endswith("/console/enroll") and "10 days left" in enroll.text, enroll.text
        skipped = client.post("/console/enroll", {"action": "skip"})
        assert signed_in(skipped) and 'id="mfa-used">yes<' in skipped.text, skipped.text
    finally:
        admin(org, "mandate", "configure", "--devices", "ANY", "--kinds", "MANAGEMENT,STANDALONE", "--grace-days", "35")
        admin(org, "mandate", "cancel")


def test_only_the_operator_changes_the_mandate(org: Org):
    _, root = org.standalone_account()
    from e2e_helpers import send, build_signed_request
    body = json.dumps({}).encode()
    headers = {"X-Amz-Target": "RampartAdmin_20261123.GetMandateReport", "Content-Type": "application/x-amz-json-1.1"}
    url, signed, payload = build_signed_request(org.server.endpoint, body=body, service="rampart", creds=root,
                                                headers=headers, content_type=None)
    reply = send(url, signed, payload)
    assert reply.status == 403 and "operator account" in reply.text, reply.text

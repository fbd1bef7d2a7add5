"""The MFA posture dashboard (/console/posture) in headless Chromium: its figures equal the credential
report's and the Config rules' on the same prepared accounts, each figure opens the list behind it, the
management account sees its organization, the trend is an inline SVG of the days recorded, and /metrics
shows the same figures as gauges. Screenshots go to test-artifacts/console/."""

from __future__ import annotations

import csv
import io
import json

import pytest
import requests

from browser_helpers import chromium_binaries, pages_fixture
from console_helpers import ConsoleClient, admin_iam, start_console_server
from e2e_helpers import ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_POLICY, ADMIN_SECRET, ROOT_EMAIL, ROOT_PASSWORD, unique
from metrics_helpers import scrape, value
from mfa_helpers import admin_call, code, create_device, enable, wait_for_fresh_step
from org_helpers import Org

pytestmark = pytest.mark.skipif(not all(chromium_binaries()), reason="chromium and chromedriver are needed")

PASSWORD = "Correct-Horse-9-Battery"
pages = pages_fixture("198.51.100")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    started = start_console_server(tmp_path_factory, "console-posture")
    yield started
    started.stop()


def set_clock(server, seconds: int) -> None:
    resp = requests.post(server.endpoint + "/_rampart/clock", json={"offset_seconds": seconds}, timeout=10)
    assert resp.ok, resp.text


def credential_report(iam) -> list[dict]:
    iam.generate_credential_report()
    return list(csv.DictReader(io.StringIO(iam.get_credential_report()["Content"].decode())))


def non_compliant(config) -> int:
    total = 0
    for rule in config.describe_config_rules()["ConfigRules"]:
        results = config.get_compliance_details_by_config_rule(
            ConfigRuleName=rule["ConfigRuleName"], ComplianceTypes=["NON_COMPLIANT"], Limit=100)
        total += len(results["EvaluationResults"])
    return total


def root_sign_ins(server) -> int:
    trail = Org(server).client(Org(server).admin, "cloudtrail")
    events = trail.lookup_events(LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": "ConsoleLogin"}])
    return sum(1 for e in events["Events"] if json.loads(e["CloudTrailEvent"])["userIdentity"]["type"] == "Root")


def number(pages, figure: str) -> str:
    return pages.chrome.find_element("css selector", f"#figure-{figure} .count-number").text


def test_the_dashboard_shows_what_the_report_and_the_rules_say(server, pages):
    iam = admin_iam(server)
    org = Org(server)
    org.organizations.create_organization(FeatureSet="ALL")
    member = org.create_account()
    resp = admin_call(server.endpoint, (ADMIN_KEY_ID, ADMIN_SECRET), "UpdateMFASettings",
                      {"RequireForConsoleUsers": True})
    assert resp.status_code == 200, resp.text
    alice, bob, carol = unique("alice"), unique("bob"), unique("carol")
    for user in (alice, bob, carol):
        iam.create_user(UserName=user)
    for user in (alice, bob):
        iam.create_login_profile(UserName=user, Password=PASSWORD)
    iam.attach_user_policy(UserName=alice, PolicyArn=ADMIN_POLICY)
    config = org.client(org.admin, "config")
    config.put_configuration_recorder(ConfigurationRecorder={
        "name": "default", "roleARN": f"arn:aws:iam::{ACCOUNT_ID}:role/config-role",
        "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": True}})
    for identifier in ("IAM_USER_MFA_ENABLED", "MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS"):
        config.put_config_rule(ConfigRule={"ConfigRuleName": identifier.lower().replace("_", "-"),
                                           "Source": {"Owner": "AWS", "SourceIdentifier": identifier}})
    # Two days ago nobody had MFA; yesterday alice had (the scrape records each day's figures).
    set_clock(server, -2 * 86_400)
    scrape(server.endpoint + "/metrics")
    set_clock(server, 0)
    serial, seed = create_device(iam, unique("alice-app"))
    wait_for_fresh_step()
    enable(iam, alice, serial, seed)
    set_clock(server, -86_400)
    scrape(server.endpoint + "/metrics")
    set_clock(server, 0)
    # A root sign-in for the trail: root has no device and skips setting one up (its grace has begun).
    root = ConsoleClient(server.endpoint, client_ip="203.0.113.9")
    asked = root.sign_in_root(ROOT_EMAIL, ROOT_PASSWORD)
    assert asked.url.endswith("/console/enroll"), asked.url
    assert root.post("/console/enroll", {"action": "skip"}).url.endswith("/console")

    pages.open("/console/signin", "sign-in")
    pages.fill("account", ACCOUNT_ID)
    pages.fill("username", alice)
    pages.fill("password", PASSWORD)
    pages.click("sign-in", "after-password")
    pages.fill("code", code(seed, 1))
    pages.click("verify", "signed-in")
    pages.click("nav-posture", "dashboard")
    assert pages.path() == "/console/posture"

    # The credential report of the same account: root and every user with a password must have MFA.
    rows = credential_report(iam)
    must = [r for r in rows if r["user"] == "<root_account>" or r["password_enabled"] == "true"]
    have = [r for r in must if r["mfa_active"] == "true"]
    assert len(must) == 3 and len(have) == 1
    mfa_tile = pages.chrome.find_element("id", "figure-mfa").text
    assert f"{len(have)} of {len(must)}" in mfa_tile and number(pages, "mfa") == "33%"
    assert number(pages, "without-mfa") == str(len(must) - len(have))
    assert number(pages, "phishing-resistant") == "0%"
    assert number(pages, "non-compliant") == str(non_compliant(config)) != "0"
    assert number(pages, "root-credentials") == "1"
    assert number(pages, "root-sign-ins") == str(root_sign_ins(server)) != "0"
    assert number(pages, "unused-devices") == "0"
    in_grace = int(number(pages, "in-grace"))
    rule_rows = pages.chrome.find_elements("css selector", "#rules tbody tr")
    assert len(rule_rows) == 2
    # The trend: two days ago 0 %, yesterday and today 33 %, one line.
    line = pages.chrome.find_element("id", "trend-mfa-0")
    assert line.tag_name == "polyline" and len(line.get_attribute("points").split()) == 3
    assert pages.text("trend-days") == "3 day(s) recorded"

    # Each figure opens its list.
    pages.click("figure-without-mfa", "without-mfa-list")
    listed = pages.text("list")
    assert bob in listed and "<root_account>" in listed and alice not in listed
    pages.click("back", "dashboard-again")
    pages.click("figure-non-compliant", "non-compliant-list")
    assert bob in pages.text("list") and carol in pages.text("list")
    assert len(pages.chrome.find_elements("css selector", "#list tbody tr")) == non_compliant(config)
    pages.click("back", "dashboard-back")

    # The organization: the member too (its root, created by CreateAccount, has no password).
    pages.click("view-organization", "organization")
    assert pages.path() == "/console/posture?view=organization"
    assert "(2)" in pages.text("posture-scope")
    assert "1 of 3" in pages.chrome.find_element("id", "figure-mfa").text
    member_iam = org.client(org.member_session(member), "iam")
    member_iam.create_user(UserName="helper")
    member_iam.create_login_profile(UserName="helper", Password=PASSWORD)
    pages.chrome.refresh()
    pages.shot("organization-with-member-user")
    # The member does not require MFA of console users: its user is not counted.
    assert "1 of 3" in pages.chrome.find_element("id", "figure-mfa").text
    pages.click("figure-mfa", "organization-mfa-list")
    assert "<root_account>" in pages.text("list") and "helper" not in pages.text("list")

    # The gauges say what the page says, summed over the server's accounts (here the organization's),
    # without naming an account.
    samples = scrape(server.endpoint + "/metrics")
    assert value(samples, "rampart_posture_mfa_required_principals") == len(must)
    assert value(samples, "rampart_posture_mfa_enabled_principals") == len(have)
    assert value(samples, "rampart_posture_phishing_resistant_principals") == 0
    assert value(samples, "rampart_posture_root_with_credentials") == 1
    assert sum(value(samples, "rampart_posture_noncompliant_resources", managed_rule=r)
               for r in ("IAM_USER_MFA_ENABLED", "MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS")) == non_compliant(config)
    assert value(samples, "rampart_posture_noncompliant_resources", managed_rule="IAM_POLICY_IN_USE") == 0
    assert value(samples, "rampart_posture_root_sign_ins_30d") == root_sign_ins(server)
    assert value(samples, "rampart_posture_mandate_roots", status="IN_GRACE") == in_grace
    # 91 days on, alice's authenticator has not been used for 90 days.
    set_clock(server, 91 * 86_400)
    try:
        later = scrape(server.endpoint + "/metrics")
        assert value(later, "rampart_posture_unused_mfa_devices") == 1
    finally:
        set_clock(server, 0)


def test_the_dashboard_needs_the_credential_report_permission(server, pages):
    iam = admin_iam(server)
    user = unique("plain")
    iam.create_user(UserName=user)
    iam.create_login_profile(UserName=user, Password=PASSWORD)
    serial, seed = create_device(iam, unique("plain-app"))
    wait_for_fresh_step()
    enable(iam, user, serial, seed)
    client = ConsoleClient(server.endpoint, client_ip="203.0.113.20")
    client.sign_in(ACCOUNT_ID, user, PASSWORD)
    client.post("/console/mfa", {"code": code(seed, 1)})
    refused = client.get("/console/posture")
    assert refused.status == 403 and "iam:GetCredentialReport" in refused.text
    iam.put_user_policy(UserName=user, PolicyName="report", PolicyDocument=(
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetCredentialReport","Resource":"*"}]}'))
    assert client.get("/console/posture").status == 200
    # The organization view is the management account's with organizations:ListAccounts.
    assert client.get("/console/posture?view=organization").status == 403
    assert client.get("/console/posture/list?figure=nothing").status == 404
    assert client.get("/console/posture/list?figure=blocked").status == 200

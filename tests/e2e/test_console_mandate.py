"""The console's page for the root-user MFA mandate (GET /console/mandate and its forms). The operator
account's admin user, signed in with a password and an authenticator code, reads where every account's
root user stands, pauses and resumes the rollout, exempts an account and sees its status change, moves
an account into a wave, skips a wave and looks at another day. Every read and change is authorized as
the admin API's operation (rampart:GetMandateReport, rampart:PauseMandateRollout, ...), and only
principals of the operator account get that far: any other account is told that only the operator
account manages the mandate, and changes nothing."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re

import pytest
from selenium.webdriver.common.by import By

from browser_helpers import Pages, chromium_binaries, pages_fixture
from console_helpers import ConsoleClient, console_fixtures, console_user, not_permitted
from e2e_helpers import ACCOUNT_ID, ADMIN_POLICY, REGION, ROOT_EMAIL, ROOT_PASSWORD, make_session, run_rampart, \
    unique
from mfa_helpers import code, create_device, enable, wait_for_fresh_step

PASSWORD = "Correct-Horse-9-Battery"
ROOT_PASSWORD_OTHER = "Other-Root-Passw0rd!"
ODD_NAME = '<img src=x onerror=alert(1)> & "Co"'
_addresses = itertools.count(1)
server, iam = console_fixtures("console-mandate", scope="function")  # the mandate is the whole server's
pages = pages_fixture("203.0.113")
needs_chromium = pytest.mark.skipif(None in chromium_binaries(), reason="chromium and chromedriver are not installed")


def admin(server, *args) -> str:
    return run_rampart("admin", *args, "--endpoint", server.endpoint, "--data", server.data_dir).stdout


def stamp(when: dt.datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def standalone(server, name: str, root_key: bool = False) -> tuple[str, str, tuple[str, str] | None]:
    """A standalone account made with `rampart admin create-account`: (id, root email, root key)."""
    email = f"{unique('sa')}@example.com"
    out = admin(server, "create-account", "--email", email, "--name", name, "--root-password", ROOT_PASSWORD_OTHER,
                *(["--root-access-key"] if root_key else []))
    account = re.search(r"Created account (\d{12})", out).group(1)
    key = None
    if root_key:
        key = (re.search(r"Root access key: (\S+)", out).group(1),
               re.search(r"Root secret access key: (\S+)", out).group(1))
    return account, email, key


def plan(server, start: dt.datetime, wave_size: int = 1, interval: int = 7) -> None:
    """Every standalone account (the operator's is one too, without an organization) from `start`."""
    admin(server, "mandate", "plan", "--phase", f"STANDALONE@{stamp(start)}", "--wave-size", str(wave_size),
          "--wave-interval-days", str(interval))


def cli_report(server) -> dict:
    report = json.loads(admin(server, "mandate", "report", "--format", "json"))
    return {row["AccountId"]: row for row in report["Accounts"]}


def shown(server) -> dict:
    return json.loads(admin(server, "mandate", "show"))["Mandate"]


def new_user(iam, prefix: str, policy_arn: str | None = ADMIN_POLICY, inline: dict | None = None) -> str:
    return console_user(iam, prefix, PASSWORD, policy_arn=policy_arn, inline=inline)


def client_for(server, account: str, user: str) -> ConsoleClient:
    client = ConsoleClient(server.endpoint, client_ip=f"198.18.9.{next(_addresses)}")
    reply = client.sign_in(account, user, PASSWORD)
    assert reply.url.endswith("/console"), reply.text
    return client


def allow(*actions: str) -> dict:
    return {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": list(actions), "Resource": "*"}]}


def sign_in_in_browser(pages: Pages, account: str, user: str, seed: str | None = None) -> None:
    pages.open("/console", "sign-in")
    pages.fill("account", account)
    pages.fill("username", user)
    pages.fill("password", PASSWORD)
    pages.click("sign-in", "after-password")
    if seed:
        pages.fill("code", code(seed, 1))
        pages.click("verify", "signed-in")
    assert pages.text("acting-as") == f"{user} @ {account}"


def status(pages: Pages, account: str) -> str:
    return pages.chrome.find_element(By.CSS_SELECTOR, f"#row-{account} .status-cell .status").text


def status_detail(pages: Pages, account: str) -> str:
    found = pages.chrome.find_elements(By.CSS_SELECTOR, f"#row-{account} .status-detail")
    return found[0].text if found else ""


def cell(pages: Pages, account: str, column: str) -> str:
    return pages.chrome.find_element(By.CSS_SELECTOR, f"#row-{account} .{column}").text


def count(pages: Pages, name: str) -> int:
    return int(pages.chrome.find_element(By.CSS_SELECTOR, f"#count-{name} .count-number").text)


def set_date(pages: Pages, element_id: str, day: dt.date) -> None:
    """A date input's value, as the browser's date picker would set it (typing is locale-dependent)."""
    pages.chrome.execute_script("arguments[0].value = arguments[1]", pages.chrome.find_element(By.ID, element_id),
                                day.isoformat())


def whole_page_shot(pages: Pages, label: str) -> None:
    chrome = pages.chrome
    height = chrome.execute_script("return document.documentElement.scrollHeight")
    chrome.set_window_size(1400, height + 140)
    pages.shot(label)
    chrome.set_window_size(1000, 900)


@needs_chromium
def test_the_operator_reads_the_report_pauses_resumes_and_exempts_in_the_browser(server, iam, pages):
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    first, _, _ = standalone(server, "First")
    odd, _, _ = standalone(server, ODD_NAME)
    # One account a wave, a week apart, from yesterday: the operator's (the oldest) has started, the
    # other two are scheduled.
    plan(server, now - dt.timedelta(days=1))
    waves = {account: row["Wave"] for account, row in cli_report(server).items()}
    assert waves[ACCOUNT_ID] == 1 and sorted((waves[first], waves[odd])) == [2, 3]

    user = new_user(iam, "mandate-admin")
    serial, seed = create_device(iam, unique("mandate-dev"))
    wait_for_fresh_step()
    enable(iam, user, serial, seed)
    sign_in_in_browser(pages, ACCOUNT_ID, user, seed)

    pages.click("nav-mandate", "mandate")
    chrome = pages.chrome
    assert pages.path() == "/console/mandate"
    assert (count(pages, "TOTAL"), count(pages, "DUE"), count(pages, "SCHEDULED")) == (3, 1, 2)
    assert status(pages, ACCOUNT_ID) == "DUE" and status(pages, first) == "SCHEDULED"
    assert cell(pages, ACCOUNT_ID, "wave") == "1" and cell(pages, ACCOUNT_ID, "root-credentials") == "yes"
    assert cell(pages, ACCOUNT_ID, "devices") == "none" and cell(pages, ACCOUNT_ID, "partition") == "aws"
    block = (now + dt.timedelta(days=35)).date().isoformat()  # 35 days after its first prompt, to come
    assert cell(pages, ACCOUNT_ID, "block-date").startswith(block)
    assert pages.text("kinds") == "MANAGEMENT, STANDALONE"
    assert pages.text("rollout-state") == "RUNNING"
    assert pages.text("wave-size") == "at most 1 account"
    # A name with markup is shown as text, never run: no img element was made of it.
    assert ODD_NAME in cell(pages, odd, "account-name")
    assert not chrome.find_elements(By.CSS_SELECTOR, "#report img")
    whole_page_shot(pages, "mandate-report")

    pages.click("pause-button", "paused")
    assert pages.text("message") == "The rollout is paused: no wave starts until it is resumed."
    assert pages.text("rollout-state").startswith("PAUSED since")
    assert chrome.find_element(By.CSS_SELECTOR, f"#wave-{waves[first]} .wave-start").text == (
        "not until the rollout resumes")
    assert shown(server)["Rollout"]["PausedAt"]
    pages.click("resume-button", "resumed")
    assert "The rollout is resumed" in pages.text("message")
    assert pages.text("rollout-state") == "RUNNING" and "PausedAt" not in shown(server)["Rollout"]

    # Exempting an account turns its status to EXEMPT with the reason, until the exemption is removed.
    pages.fill("exempt-account", first)
    pages.fill("exempt-reason", "<b>break-glass</b> drill")
    set_date(pages, "exempt-expires", (now + dt.timedelta(days=30)).date())
    pages.click("exempt-button", "exempted")
    assert pages.text("message") == f"The account {first} is exempt from the mandate."
    assert status(pages, first) == "EXEMPT"
    assert "<b>break-glass</b> drill" in status_detail(pages, first)
    assert f"until {(now + dt.timedelta(days=30)).date().isoformat()}T00:00:00Z" in status_detail(pages, first)
    assert count(pages, "EXEMPT") == 1 and count(pages, "SCHEDULED") == 1
    assert chrome.find_element(By.CSS_SELECTOR, f"#exemption-{first} .exemption-reason").text == (
        "<b>break-glass</b> drill")
    assert not chrome.find_elements(By.CSS_SELECTOR, "#exemptions b, #report b")
    whole_page_shot(pages, "mandate-exempted")
    assert [e["Reason"] for e in shown(server)["Exemptions"] if e["AccountId"] == first] == ["<b>break-glass</b> drill"]
    pages.click(f"unexempt-{first}", "exemption-removed")
    assert status(pages, first) == "SCHEDULED" and pages.has("no-exemptions")

    # Into the wave that has started: due now.
    pages.fill("move-account", first)
    pages.fill("move-wave", "1")
    pages.click("move-button", "moved")
    assert pages.text("message") == f"The account {first} is in wave 1."
    assert status(pages, first) == "DUE" and cell(pages, first, "wave") == "1"

    # Skipping the other account's wave moves it to the end of its phase: it starts later.
    skipped = waves[odd]
    before = chrome.find_element(By.CSS_SELECTOR, f"#row-{odd} .wave-start time").get_attribute("datetime")
    pages.click(f"skip-wave-{skipped}", "wave-skipped")
    assert pages.text("message") == f"Wave {skipped} moved to the end of its phase."
    after = chrome.find_element(By.CSS_SELECTOR, f"#row-{odd} .wave-start time").get_attribute("datetime")
    assert after > before and status(pages, odd) == "SCHEDULED"
    assert not pages.has("skip-wave-1")  # wave 1 has started

    # Three days ago the rollout had not begun: every account was scheduled.
    earlier = (now - dt.timedelta(days=3)).date()
    set_date(pages, "date", earlier)
    pages.click("date-button", "three-days-ago")
    assert pages.path() == f"/console/mandate?date={earlier.isoformat()}"
    assert pages.text("report-when") == f"on {earlier.isoformat()} 00:00 UTC"
    assert (count(pages, "SCHEDULED"), count(pages, "DUE")) == (3, 0)
    pages.click("report-now", "back-to-now")
    assert count(pages, "DUE") == 2


@needs_chromium
def test_another_accounts_administrator_is_told_only_the_operator_manages_the_mandate(server, pages):
    plan(server, dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=1))
    other, _, (key_id, secret) = standalone(server, "Elsewhere", root_key=True)
    other_iam = make_session(key_id, secret).client("iam", endpoint_url=server.endpoint, region_name=REGION)
    user = new_user(other_iam, "other-admin")
    sign_in_in_browser(pages, other, user)
    pages.click("nav-mandate", "not-operator")
    assert pages.text("not-operator").startswith("Only the operator account manages the root-user MFA mandate")
    assert f"Account {other} is not the operator account" in pages.text("not-operator")
    assert not pages.has("report") and not pages.has("pause-button")
    assert not pages.chrome.find_elements(By.CSS_SELECTOR, "main form")

    # Its forms are refused as well, though its policies allow everything.
    client = client_for(server, other, user)
    assert client.get("/console/mandate").status == 403
    refused = client.post("/console/mandate/pause", {})
    assert refused.status == 403 and 'id="not-operator"' in refused.text
    client.post("/console/mandate/exempt", {"account": other, "reason": "mine"})
    assert "PausedAt" not in shown(server)["Rollout"] and shown(server)["Exemptions"] == []
    # So is its root user.
    root = ConsoleClient(server.endpoint, client_ip=f"198.18.9.{next(_addresses)}")
    _, email, _ = standalone(server, "Rooted")
    reply = root.sign_in_root(email, ROOT_PASSWORD_OTHER)
    if reply.url.endswith("/console/enroll"):
        root.post("/console/enroll", {"action": "skip"})
    page = root.get("/console/mandate")
    assert page.status == 403 and 'id="not-operator"' in page.text


def test_reads_and_changes_are_authorized_as_the_admin_operations(server, iam):
    plan(server, dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=1))
    other, _, _ = standalone(server, "Other")

    nobody = client_for(server, ACCOUNT_ID, new_user(iam, "nobody", policy_arn=None)).get("/console/mandate")
    assert nobody.status == 403 and nobody.message == not_permitted("rampart:GetMandateReport")
    assert 'id="report"' not in nobody.text

    reader_name = new_user(iam, "reader", policy_arn=None, inline=allow("rampart:GetMandateReport"))
    reader = client_for(server, ACCOUNT_ID, reader_name)
    page = reader.get("/console/mandate")
    assert page.status == 200 and f'id="row-{other}"' in page.text
    refused = reader.post("/console/mandate/pause", {})
    assert refused.message == not_permitted("rampart:PauseMandateRollout")
    assert 'id="report"' in refused.text and "PausedAt" not in shown(server)["Rollout"]
    refused = reader.post("/console/mandate/exempt", {"account": other, "reason": "x"})
    assert refused.message == not_permitted("rampart:ExemptAccountFromMandate") and shown(server)["Exemptions"] == []

    pauser = client_for(server, ACCOUNT_ID, new_user(iam, "pauser", policy_arn=None, inline=allow(
        "rampart:GetMandateReport", "rampart:PauseMandateRollout")))
    assert pauser.post("/console/mandate/pause", {}).message.startswith("The rollout is paused")
    assert shown(server)["Rollout"]["PausedAt"]
    assert pauser.post("/console/mandate/resume", {}).message == not_permitted("rampart:ResumeMandateRollout")

    # The operator's root user manages it too (after skipping its own MFA prompt: its wave has started).
    root = ConsoleClient(server.endpoint, client_ip=f"198.18.9.{next(_addresses)}")
    reply = root.sign_in_root(ROOT_EMAIL, ROOT_PASSWORD)
    if reply.url.endswith("/console/enroll"):
        root.post("/console/enroll", {"action": "skip"})
    assert root.post("/console/mandate/resume", {}).message.startswith("The rollout is resumed")


def test_forms_are_checked(server, iam):
    now = dt.datetime.now(dt.timezone.utc)
    plan(server, now - dt.timedelta(days=1))
    other, _, _ = standalone(server, "Other")
    client = client_for(server, ACCOUNT_ID, new_user(iam, "forms"))
    assert "12-digit account ID" in client.post("/console/mandate/exempt", {"account": "12", "reason": "x"}).message
    assert "1 to 256" in client.post("/console/mandate/exempt", {"account": other, "reason": " "}).message
    assert "YYYY-MM-DD" in client.post("/console/mandate/exempt",
                                       {"account": other, "reason": "x", "expires": "2030-02-30"}).message
    past = (now - dt.timedelta(days=2)).date().isoformat()
    assert "already have expired" in client.post("/console/mandate/exempt",
                                                 {"account": other, "reason": "x", "expires": past}).message
    assert "does not exist" in client.post("/console/mandate/exempt",
                                           {"account": "999999999999", "reason": "x"}).message
    assert "has already started" in client.post("/console/mandate/skip-wave", {"wave": "1"}).message
    assert "There is no wave 9" in client.post("/console/mandate/move", {"account": other, "wave": "9"}).message
    assert "whole number" in client.post("/console/mandate/move", {"account": other, "wave": "two"}).message
    assert "is not paused" in client.post("/console/mandate/resume", {}).message
    bad_day = client.get("/console/mandate?date=2030-02-30")
    assert "YYYY-MM-DD" in bad_day.message and 'id="report"' in bad_day.text
    # A form from another site, or without the token, changes nothing.
    assert client.post("/console/mandate/pause", {}, with_csrf=False).status == 403
    assert client.post("/console/mandate/pause", {}, headers={"Origin": "http://evil.example"}).status == 403
    assert "PausedAt" not in shown(server)["Rollout"]

    # Planning from the console: two phases, a dry run.
    start = (now + dt.timedelta(days=3)).date().isoformat()
    planned = client.post("/console/mandate/plan", {
        "phase1-MANAGEMENT": "1", "phase1-start": start, "phase2-STANDALONE": "1", "phase2-start": start,
        "wave-size": "5", "interval": "14", "dry-run": "1"})
    assert planned.message == "The rollout is planned.", planned.text
    rollout = shown(server)["Rollout"]
    assert [p["Kinds"] for p in rollout["Phases"]] == [["MANAGEMENT"], ["STANDALONE"]]
    assert rollout["WaveSize"] == 5 and rollout["WaveIntervalDays"] == 14 and rollout["DryRun"] is True
    assert "Choose the account kinds of phase 1" in client.post("/console/mandate/plan", {
        "phase1-start": start, "wave-size": "5", "interval": "14"}).message

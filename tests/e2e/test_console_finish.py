"""The last gaps of issue 15, each as the person meets it in headless Chromium: refusals in words on the
access-keys page and the root user's account settings (not AWS's sentence plus "ask an administrator");
an MFA lockout on the code page that says how long it has left, at its edges; a confirmation that
completes the change that asked for it (one click, one confirmation), which no other session can run
and which runs once; the root user's password rules beside its password field, and the rule a refused
password broke; effective permissions per resource ARN and with context keys, as SimulatePrincipalPolicy
answers; the device table by name with the ARN beside it, and a labelled Rename box.
Screenshots in test-artifacts/console/."""

from __future__ import annotations

import re
import time

import pytest
from selenium.webdriver.common.by import By

from admin_console_helpers import (
    READ_ONLY, audit, audit_pages, message, root_signs_in, signed_in, submit, user_signs_in,
)
from browser_helpers import Pages, chromium_binaries, pages_fixture
from console_helpers import ConsoleClient, console_fixtures, console_user, self_service, settings  # noqa: F401
from e2e_helpers import ACCOUNT_ID, ROOT_EMAIL, ROOT_PASSWORD, dumps, shift_clock, unique
from mfa_helpers import code, create_device, enable, wait_for_fresh_step

pytestmark = pytest.mark.skipif(None in chromium_binaries(), reason="chromium and chromedriver are needed")

PASSWORD = "Correct-Horse-9-Battery"
server, iam = console_fixtures("console-finish")
pages = pages_fixture("203.0.118")
_addresses = iter(range(1, 250))


def client_for(server) -> ConsoleClient:
    return ConsoleClient(server.endpoint, client_ip=f"203.0.119.{next(_addresses)}")


def user_with_device(iam, policy: dict | None = None) -> tuple[str, str, str]:
    """A console user with an authenticator app enabled (steps -1 and 0 used): (name, serial, seed)."""
    user = console_user(iam, "finish", PASSWORD, inline=policy or self_service("iam:ChangePassword"))
    name = unique("phone")
    serial, seed = create_device(iam, name)
    wait_for_fresh_step(margin=20)
    enable(iam, user, serial, seed)
    return user, serial, seed


def lockout(pages: Pages) -> int:
    """The minutes the code page's lockout says are left."""
    found = re.fullmatch(r"Too many failed attempts\. Codes are refused for (\d+) minutes?; try again after that\.",
                         message(pages))
    assert found, message(pages)
    return int(found.group(1))


# 1. Refusals in words on the access-keys page and the root user's settings.

def test_access_keys_and_root_settings_refuse_in_words(pages, iam):
    user = console_user(iam, "keys", PASSWORD, inline={"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "iam:ListAccessKeys", "Resource": "*"},
        {"Effect": "Deny", "Action": "iam:CreateAccessKey", "Resource": "*"}]})
    user_signs_in(pages, user, PASSWORD)
    pages.open("/console/keys", "keys-listed")
    assert pages.has("no-keys")
    pages.click("create-key-button", "create-refused")
    assert message(pages) == ("You cannot do this: a policy that applies to you denies iam:CreateAccessKey (an "
                              f"explicit deny). Ask an administrator of account {ACCOUNT_ID} to allow "
                              "iam:CreateAccessKey for you.")
    assert iam.list_access_keys(UserName=user)["AccessKeyMetadata"] == []
    # A key the administrator made: deactivating it is not in the policy (implicitly denied).
    key = iam.create_access_key(UserName=user)["AccessKey"]["AccessKeyId"]
    pages.open("/console/keys", "keys-one")
    pages.click("toggle-button-0", "toggle-refused")
    assert message(pages) == ("You cannot do this: your permissions do not include iam:UpdateAccessKey. Ask an "
                              f"administrator of account {ACCOUNT_ID} to allow iam:UpdateAccessKey for you.")
    assert "arn:aws" not in message(pages) and "not authorized" not in message(pages)
    assert iam.list_access_keys(UserName=user)["AccessKeyMetadata"][0]["Status"] == "Active"
    iam.delete_access_key(UserName=user, AccessKeyId=key)
    # The root user's settings: its own refusal, without an administrator to ask.
    pages.chrome.delete_all_cookies()
    root_signs_in(pages)
    pages.open("/console/account", "root-account")
    new = "Another-Root-Passw0rd-9!"
    submit(pages, "root-password-form", "root-wrong-current", old="not-it", new=new, confirm=new)
    assert message(pages) == "The current password is not correct."
    submit(pages, "root-email-form", "root-email-wrong-password", email=unique("r") + "@example.com",
           password="not-it")
    assert message(pages) == "The current password is not correct."


# 2. The code page's lockout says how long, at its edges.

def test_the_code_page_says_how_long_codes_are_locked(pages, server, iam):
    user, _, seed = user_with_device(iam)
    wrong = "000000" if code(seed, 1) != "000000" else "111111"
    user_signs_in(pages, user, PASSWORD, "code-page")
    assert pages.path() == "/console/mfa"

    def fail(times: int, label: str) -> tuple[float, float]:
        """`times` wrong codes: the real times just before and just after the last, which locks."""
        for attempt in range(times):
            pages.fill("code", wrong)
            before = time.time()
            pages.click("verify", f"{label}-{attempt + 1}")
        return before, time.time()

    def at(seconds: float, since: float, offset: float) -> float:
        """Moves the server's clock to `seconds` after the real time `since` (plus the offset it already
        had then); returns the new offset. The lockout starts between the real times just before and just
        after the locking click: an edge where it must still hold is measured from the first, the edge where
        it is over from the second, so a slow browser (CI once took over ten seconds for a click and its
        screenshot) only moves a check away from its edge."""
        shifted = offset + seconds - (time.time() - since)
        shift_clock(server, shifted)
        return shifted

    try:
        # Five wrong codes lock the principal's codes for LockoutRule.mfaCodes' base, a minute.
        before, after = fail(5, "wrong")
        assert message(pages) == "The code is not valid. Enter the current code from your authenticator."
        pages.fill("code", code(seed, 1))
        pages.click("verify", "locked-for-a-minute")
        assert pages.path() == "/console/mfa?failed=throttled"
        assert lockout(pages) == 1
        # Ten seconds before its end it still says a minute; past its end it is over, and the page says so.
        at(50, before, 0)
        pages.open("/console/mfa?failed=throttled", "ten-seconds-left")
        assert lockout(pages) == 1
        offset = at(61, after, 0)
        pages.open("/console/mfa?failed=throttled", "lockout-over")
        assert message(pages) == "Too many failed attempts earlier. That lockout is over: try again."
        # The next lockout in a row doubles: two minutes, which the page says; with 30 s left, one minute.
        before, after = fail(5, "again-wrong")
        pages.fill("code", wrong)
        pages.click("verify", "locked-for-two-minutes")
        assert lockout(pages) == 2
        at(90, before, offset)
        pages.open("/console/mfa?failed=throttled", "half-a-minute-left")
        assert lockout(pages) == 1
    finally:
        shift_clock(server, 0)


# 3. One click and one confirmation complete the change.

def test_one_click_and_a_confirmation_complete_the_change(pages, server, iam, settings):
    user, serial, seed = user_with_device(iam)
    settings(Prompt="NEVER")  # signed in without a code: the session has no fresh proof of the device
    user_signs_in(pages, user, PASSWORD, "signed-in-without-code")
    pages.open("/console/security", "confirm-needed")
    assert pages.has("confirm-needed")
    pages.click("remove-button-0", "asked-to-confirm")
    assert re.fullmatch(r"/console/verify\?next=security&pending=[\w-]+", pages.path()), pages.path()
    assert pages.text("confirm-resumes") == "Once you confirm, the console will remove the MFA device."
    assert iam.list_mfa_devices(UserName=user)["MFADevices"] != []
    assert audit(pages) == []
    pages.fill("code", code(seed, 1))
    pages.click("verify", "confirmed-and-removed")
    assert message(pages) == "The device was removed."
    assert iam.list_mfa_devices(UserName=user)["MFADevices"] == []
    assert all(d["SerialNumber"] != serial for d in iam.list_virtual_mfa_devices()["VirtualMFADevices"])


def test_a_passkey_confirmation_completes_the_change_too(pages, iam, settings):
    from test_console_bugs import add_key, add_virtual_authenticator, sign_out, wait_until
    user = console_user(iam, "finish-key", PASSWORD, inline=self_service())
    add_virtual_authenticator(pages.chrome)
    user_signs_in(pages, user, PASSWORD)
    add_key(pages, "laptop", "key-added")
    sign_out(pages)
    settings(Prompt="NEVER")
    user_signs_in(pages, user, PASSWORD, "signed-in-without-mfa")
    pages.open("/console/security", "security-unconfirmed")
    pages.click("generate-recovery-button", "asked-to-confirm-with-key")
    assert pages.text("confirm-resumes") == "Once you confirm, the console will generate new recovery codes."
    pages.chrome.find_element(By.ID, "verify-security-key").click()
    wait_until(pages, lambda: pages.has("recovery-codes"), "codes-after-passkey")
    assert len(pages.chrome.find_elements(By.CSS_SELECTOR, ".recovery-code")) == 10


def test_a_held_change_runs_once_and_only_for_its_session(server, iam, settings):
    user, _, seed = user_with_device(iam)
    settings(Prompt="NEVER")
    mine, other = client_for(server), client_for(server)
    for client in (mine, other):
        assert client.sign_in(ACCOUNT_ID, user, PASSWORD).url.endswith("/console")
    asked = mine.post("/console/security/recovery", {}, follow=False)
    assert asked.status == 303
    pending = re.fullmatch(r"/console/verify\?next=security&pending=([\w-]+)", asked.headers["Location"]).group(1)
    # The server's clock two steps ahead, so that two step-ups have codes without waiting.
    shift_clock(server, 60)
    try:
        server_now = time.time() + 60
        # Another session of the same user cannot run it, with or without a proof of its own.
        assert 'class="recovery-code"' not in other.post(
            "/console/verify/resume", {"pending": pending, "next": "security"}).text
        proved = other.post("/console/verify", {"code": code(seed, -1, server_now), "next": "security",
                                                "pending": pending})
        assert proved.url.endswith("/console/security?notice=confirmed") and 'class="recovery-code"' not in proved.text
        # Nor does a form without this browser's CSRF token.
        forged = mine.request("POST", "/console/verify/resume",
                              data={"pending": pending, "next": "security", "csrf": "x" * 43})
        assert forged.status == 403
        # Its own session's confirmation runs it...
        done = mine.post("/console/verify", {"code": code(seed, 0, server_now), "next": "security",
                                             "pending": pending})
        codes = re.findall(r'class="recovery-code">([^<]+)<', done.text)
        assert len(codes) == 10, done.text[:2000]
        # ...once: the same id again makes no new codes.
        again = mine.post("/console/verify/resume", {"pending": pending, "next": "security"})
        assert 'class="recovery-code"' not in again.text and again.url.endswith("/console/security?notice=confirmed")
    finally:
        shift_clock(server, 0)


# 4. Root's password rules beside its password field.

def test_root_password_rules_are_listed_and_a_refusal_names_the_rule(pages):
    root_signs_in(pages)
    pages.open("/console/account", "root-password-rules")
    rules = [item.text for item in pages.chrome.find_elements(By.CSS_SELECTOR, "#root-password-rules li")]
    assert rules == ["At least 8 characters", "At least 3 of: uppercase letters, lowercase letters, numbers, symbols",
                     "Not the current password"]
    field = pages.chrome.find_element(By.ID, "root-new-password")
    assert field.get_attribute("aria-describedby") == "root-password-rules"
    one_class = "onlylowercaseletters"
    submit(pages, "root-password-form", "root-password-refused", old=ROOT_PASSWORD, new=one_class, confirm=one_class)
    refusal = message(pages)
    assert refusal == ("The new password does not meet the root user's password rules: Password should contain at "
                       "least three of: uppercase letters, lowercase letters, numbers, symbols. The rules are listed "
                       "under the password field.")
    submit(pages, "root-password-form", "root-password-short", old=ROOT_PASSWORD, new="Ab1!", confirm="Ab1!")
    assert "at least 8 characters" in message(pages) and "three of" not in message(pages)
    submit(pages, "root-password-form", "root-password-same", old=ROOT_PASSWORD, new=ROOT_PASSWORD,
           confirm=ROOT_PASSWORD)
    assert "must differ from the current one" in message(pages)


# 5. Effective permissions per resource and with context keys.

def test_effective_permissions_per_resource_and_context(pages, iam):
    user = unique("bucket-reader")
    iam.create_user(UserName=user)
    iam.put_user_policy(UserName=user, PolicyName="one-bucket", PolicyDocument=dumps({
        "Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::allowed-bucket/*"},
            {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::allowed-bucket/*",
             "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]}))
    signed_in(pages, iam, READ_ONLY, prefix="reader")
    pages.open(f"/console/users/{user}", "permissions-tab")
    allowed, other = "arn:aws:s3:::allowed-bucket/report.csv", "arn:aws:s3:::other-bucket/report.csv"
    submit(pages, "simulate", "per-resource", actions="s3:GetObject\ns3:PutObject", resources=f"{allowed}\n{other}")
    pages.chrome.execute_script("document.getElementById('effective-permissions').scrollIntoView()")
    pages.shot("per-resource-results")
    table = [[cell.text for cell in row.find_elements(By.TAG_NAME, "td")]
             for row in pages.chrome.find_elements(By.CSS_SELECTOR, "#effective-permissions tbody tr")]
    assert [row[:4] for row in table] == [
        ["s3:GetObject", allowed, "Allowed", "one-bucket"],
        ["s3:GetObject", other, "Denied: no policy allows it", "—"],
        ["s3:PutObject", allowed, "Denied: no policy allows it", "—"],
        ["s3:PutObject", other, "Denied: no policy allows it", "—"],
    ]
    assert "aws:MultiFactorAuthPresent" in table[2][4]
    # The API's answers, by the same engine.
    arn = f"arn:aws:iam::{ACCOUNT_ID}:user/{user}"
    api = iam.simulate_principal_policy(PolicySourceArn=arn, ActionNames=["s3:GetObject", "s3:PutObject"],
                                        ResourceArns=[allowed, other])["EvaluationResults"]
    assert [(r["EvalActionName"], r["EvalResourceName"], r["EvalDecision"]) for r in api] == [
        ("s3:GetObject", allowed, "allowed"), ("s3:GetObject", other, "implicitDeny"),
        ("s3:PutObject", allowed, "implicitDeny"), ("s3:PutObject", other, "implicitDeny")]
    assert [row[4] for row in table] == [", ".join(r.get("MissingContextValues", [])) for r in api]
    # With the context key the condition needs, the write is allowed too.
    submit(pages, "simulate", "with-context", actions="s3:PutObject", resources=allowed,
           context="aws:MultiFactorAuthPresent boolean true")
    cells = [cell.text for cell in pages.chrome.find_elements(By.CSS_SELECTOR, "#effective-permissions tbody td")]
    assert cells == ["s3:PutObject", allowed, "Allowed", "one-bucket", ""]
    assert pages.chrome.find_element(By.ID, "simulate-context").get_attribute("value") == (
        "aws:MultiFactorAuthPresent boolean true")
    # A line that is not "key type value", and a type the simulator does not know, are refused in words.
    submit(pages, "simulate", "bad-context-line", actions="s3:PutObject", resources=allowed,
           context="aws:MultiFactorAuthPresent")
    assert message(pages).startswith("Write each context key as: key type value")
    assert not pages.has("effective-permissions")
    submit(pages, "simulate", "bad-context-type", actions="s3:PutObject", resources=allowed,
           context="aws:MultiFactorAuthPresent truthy true")
    assert message(pages) and not pages.has("effective-permissions")


# 6. Devices by name, with a labelled Rename box.

def test_the_device_table_shows_names_and_labels_rename(pages, iam):
    user, serial, seed = user_with_device(iam)
    name = serial.rsplit("/", 1)[1]
    user_signs_in(pages, user, PASSWORD, "code-page")
    wait_for_fresh_step()
    pages.fill("code", code(seed, 1))
    pages.click("verify", "signed-in")
    pages.open("/console/security", "devices-by-name")
    cell = pages.chrome.find_element(By.CSS_SELECTOR, "#devices tbody tr td:nth-child(2)")
    assert cell.find_element(By.CSS_SELECTOR, ".device-name").text == name
    assert cell.find_element(By.CSS_SELECTOR, ".serial").text == serial
    label = pages.chrome.find_element(By.CSS_SELECTOR, "label[for=rename-input-0]")
    assert label.text == "New name" and label.is_displayed()
    assert pages.chrome.find_element(By.ID, "rename-input-0").get_attribute("aria-label") == f"New name for {name}"
    assert audit(pages) == []
    pages.fill("rename-input-0", "Work phone")
    pages.click("rename-button-0", "renamed")
    assert pages.chrome.find_element(By.CSS_SELECTOR, "#devices .device-name").text == "Work phone"
    assert pages.chrome.find_element(By.CSS_SELECTOR, "#devices .serial").text == serial
    # The administrator's view of the user shows the same name.
    pages.chrome.delete_all_cookies()
    signed_in(pages, iam, READ_ONLY, prefix="reader")
    pages.open(f"/console/users/{user}?tab=credentials", "admin-devices-by-name")
    row = pages.chrome.find_element(By.CSS_SELECTOR, "#user-devices tbody tr td")
    assert row.find_element(By.CSS_SELECTOR, ".device-name").text == "Work phone"
    assert row.find_element(By.CSS_SELECTOR, ".serial").text == serial


# The accessibility audit on the pages no other test audits.

def test_the_remaining_pages_pass_the_audit(pages, iam):
    iam.create_access_key(UserName=signed_in(pages, iam))
    found = audit_pages(pages, ["/console/keys", "/console/events", "/console/organization", "/console/mandate",
                                "/console/posture", "/console/posture/list?figure=blocked", "/console/switch-role"])
    # The root user's MFA settings, and the offer to set up MFA that comes before them.
    pages.chrome.delete_all_cookies()
    pages.open("/console/signin", "root-sign-in")
    pages.fill("root-email", ROOT_EMAIL)
    pages.fill("root-password", ROOT_PASSWORD)
    pages.click("root-sign-in", "root-enroll-offer")
    if pages.path() == "/console/enroll":
        found.update({"/console/enroll": violations} if (violations := audit(pages)) else {})
        pages.click("skip", "root-skipped")
    found.update(audit_pages(pages, ["/console/settings"]))
    assert found == {}, found


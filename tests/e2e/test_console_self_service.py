"""A self-service people understand (issue 15): the security page as a table of devices (type, name,
created, last used) with "Assign MFA device" leading to a choice of type (authenticator app, passkey or
security key, hardware TOTP token); one confirmation before changes, not a code box under each button;
recovery codes with copy, download, print, "I have saved them" and a warning when few are left; errors
in words; times in the browser's time zone; sign-in with the focus on the first field, the password
rules where a password is set and lockouts that say how long. Headless Chromium (Selenium), codes from
pyotp, screenshots in test-artifacts/console/."""

from __future__ import annotations

import base64
import os
import re
import time

import pyotp
import pytest
from selenium.webdriver.support.ui import WebDriverWait

from admin_console_helpers import user_signs_in
from browser_helpers import Pages, chromium_binaries, pages_fixture
from console_helpers import ConsoleClient, console_fixtures, console_user, self_service, settings  # noqa: F401
from e2e_helpers import ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_SECRET, unique
from mfa_helpers import admin_call, code, create_device, enable, wait_for_fresh_step

PASSWORD = "Correct-Horse-9-Battery"
server, iam = console_fixtures("console-self-service")
pages = pages_fixture("198.18.9")
_addresses = iter(range(1, 250))

pytestmark = pytest.mark.skipif(None in chromium_binaries(), reason="chromium and chromedriver are not installed")

SELF_SERVICE = self_service("iam:ChangePassword")


def client_for(server) -> ConsoleClient:
    return ConsoleClient(server.endpoint, client_ip=f"198.18.10.{next(_addresses)}")


def make_user(iam, policy: dict | None = SELF_SERVICE) -> str:
    return console_user(iam, "self", PASSWORD, inline=policy)


def with_device(iam, user: str) -> tuple[str, str]:
    serial, seed = create_device(iam, unique("self-dev"))
    wait_for_fresh_step()
    enable(iam, user, serial, seed)
    return serial, seed


def sign_in(pages: Pages, user: str, label: str = "after-password"):
    user_signs_in(pages, user, PASSWORD, label)


def sign_in_with_code(pages: Pages, user: str, seed: str):
    sign_in(pages, user)
    assert pages.path() == "/console/mfa"
    wait_for_fresh_step()
    pages.fill("code", code(seed, 1))
    pages.click("verify", "signed-in-with-code")
    assert pages.path() == "/console"


def cells(pages: Pages, row: int) -> list[str]:
    return [cell.text for cell in pages.chrome.find_elements("css selector", f"#devices tbody tr:nth-child({row}) td")]


def test_the_security_page_is_a_table_of_devices(pages, server, iam):
    user = make_user(iam)
    serial, seed = with_device(iam, user)
    sign_in_with_code(pages, user, seed)
    pages.open("/console/security", "security-table")
    headers = [th.text for th in pages.chrome.find_elements("css selector", "#devices thead th")]
    assert headers == ["Type", "Name and identifier", "Created", "Last used", "Actions"]
    row = cells(pages, 1)
    assert row[0] == "Authenticator app" and serial in row[1]
    # Signing in proved the device: "last used" is a time, not "Never".
    assert row[3] != "Never" and pages.chrome.find_element("css selector", "#last-used-0 time").get_attribute("datetime")
    assert pages.has("assign-mfa") and not pages.chrome.find_elements("css selector", "input[name=code]")


def test_times_are_shown_in_the_browsers_time_zone(pages, server, iam):
    user = make_user(iam)
    _, seed = with_device(iam, user)
    pages.chrome.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": "Asia/Kolkata"})
    sign_in_with_code(pages, user, seed)
    pages.open("/console/security", "security-in-kolkata")
    created = pages.chrome.find_element("css selector", "#devices td.created time")
    exact = created.get_attribute("datetime")
    # The script rewrote the UTC fallback in the browser's zone (India is UTC+5:30), keeping UTC as the title.
    assert created.get_attribute("title") == exact and "UTC" not in created.text
    assert "GMT+5:30" in created.text, created.text
    # Without the script the page says UTC: the server's text, as fetched before any script ran.
    raw = pages.chrome.execute_async_script(
        "var done = arguments[0]; fetch('/console/security').then(function (r) { return r.text(); }).then(done);")
    assert re.search(r'<time datetime="[^"]+" class="local">\d{4}-\d\d-\d\d \d\d:\d\d UTC</time>', raw)


def test_assign_offers_a_choice_of_type(pages, server, iam, settings):
    user = make_user(iam)
    sign_in(pages, user)
    pages.open("/console/security", "security-no-devices")
    pages.click("assign-mfa", "choose-type")
    labels = [label.text.split("\n")[0] for label in pages.chrome.find_elements("css selector", "label.choice")]
    assert labels == ["Authenticator app", "Passkey or security key", "Hardware TOTP token"]
    pages.chrome.find_element("id", "type-key").click()
    pages.click("assign-next", "passkey-step")
    assert pages.path() == "/console/security/assign?type=key" and pages.has("add-security-key")
    # A type the account does not allow is shown, disabled, with why.
    settings(AllowedTypes=["AUTHENTICATOR_APP"])
    pages.open("/console/security/assign", "choose-type-app-only")
    assert not pages.chrome.find_element("id", "type-key").is_enabled()
    assert "This account does not allow it." in pages.chrome.find_element("css selector", "label[for=type-key]").text
    pages.open("/console/security/assign?type=key", "key-not-allowed")
    assert pages.text("message") == "Choose one of the kinds of device this account allows."


def test_assign_a_hardware_token(pages, server, iam):
    serial = "GAHT" + unique("").replace("-", "").upper()[:10]
    seed = base64.b32encode(os.urandom(20)).decode().rstrip("=")
    imported = admin_call(server.endpoint, (ADMIN_KEY_ID, ADMIN_SECRET), "ImportHardwareMFADevices",
                          {"Devices": [{"SerialNumber": serial, "Base32StringSeed": seed}]})
    assert imported.status_code == 200, imported.text
    user = make_user(iam)
    sign_in(pages, user)
    pages.open("/console/security/assign", "choose-type")
    pages.chrome.find_element("id", "type-hardware").click()
    pages.click("assign-next", "hardware-step")
    # A serial number the account does not have: said in words, the typed number kept.
    pages.fill("hardware-serial", "GAHT00000000")
    pages.fill("hardware-code1", "123456")
    pages.fill("hardware-code2", "654321")
    pages.click("add-hardware-button", "unknown-serial")
    assert pages.text("message").startswith("There is no hardware token GAHT00000000 in this account.")
    assert pages.chrome.find_element("id", "hardware-serial").get_attribute("value") == "GAHT00000000"
    # Wrong codes for the right token.
    pages.fill("hardware-serial", serial)
    pages.fill("hardware-code1", "123456")
    pages.fill("hardware-code2", "654321")
    pages.click("add-hardware-button", "wrong-codes")
    assert pages.text("message").startswith("Those codes are not valid.")
    wait_for_fresh_step()
    pages.fill("hardware-code1", code(seed, -1))
    pages.fill("hardware-code2", code(seed, 0))
    pages.click("add-hardware-button", "hardware-added")
    assert pages.text("message") == "The hardware token was added."
    assert cells(pages, 1)[0] == "Hardware TOTP token" and serial in cells(pages, 1)[1]
    assert [d["SerialNumber"] for d in iam.list_mfa_devices(UserName=user)["MFADevices"]] == [serial]


def test_one_confirmation_then_changes_and_recovery_codes(pages, server, iam):
    user = make_user(iam)
    serial, seed = with_device(iam, user)
    # Signed in without a code (the session proved no device): changes ask to confirm, once.
    admin_call(server.endpoint, (ADMIN_KEY_ID, ADMIN_SECRET), "UpdateMFASettings", {"Prompt": "NEVER"})
    try:
        sign_in(pages, user)
    finally:
        admin_call(server.endpoint, (ADMIN_KEY_ID, ADMIN_SECRET), "UpdateMFASettings", {"Prompt": "EVERY_SIGN_IN"})
    pages.open("/console/security", "confirm-offered")
    assert pages.has("confirm-needed")
    pages.click("generate-recovery-button", "asked-to-confirm")
    assert re.fullmatch(r"/console/verify\?next=security&pending=[\w-]+", pages.path()), pages.path()
    assert pages.chrome.find_element("tag name", "h1").text == "Confirm it is you"
    assert pages.text("confirm-resumes") == "Once you confirm, the console will generate new recovery codes."
    from admin_console_helpers import audit
    assert audit(pages) == []
    pages.fill("code", "000000")
    pages.click("verify", "wrong-code")
    # A wrong code keeps the change waiting.
    assert re.fullmatch(r"/console/verify\?next=security&pending=[\w-]+&failed=code", pages.path()), pages.path()
    assert pages.has("confirm-resumes")
    wait_for_fresh_step()
    pages.fill("code", code(seed, 1))
    # The confirmation completes the change that asked for it: the new codes, with no second click.
    pages.click("verify", "recovery-codes")
    codes = [element.text for element in pages.chrome.find_elements("css selector", ".recovery-code")]
    assert len(codes) == 10
    pages.chrome.execute_cdp_cmd("Browser.grantPermissions", {
        "origin": pages.origin, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    pages.chrome.find_element("id", "copy-codes").click()
    WebDriverWait(pages.chrome, 5).until(lambda c: pages.text("codes-status") != "")
    assert pages.text("codes-status") == "The codes were copied to the clipboard."
    copied = pages.chrome.execute_async_script(
        "var done = arguments[0]; navigator.clipboard.readText().then(done, function (e) { done(String(e)); });")
    assert copied.splitlines()[1:] == codes
    pages.chrome.find_element("id", "download-codes").click()
    assert pages.text("codes-status") == "The codes were saved as rampart-recovery-codes.txt."
    assert pages.chrome.find_element("id", "codes-file").get_attribute("download") == "rampart-recovery-codes.txt"
    pages.chrome.execute_script("window.print = function () { window.printedCodes = true; };")
    pages.chrome.find_element("id", "print-codes").click()
    assert pages.chrome.execute_script("return window.printedCodes === true;")
    pages.shot("codes-copied-downloaded-printed")
    # "Done" only after "I have saved these codes".
    pages.click("done", "not-saved-yet")
    assert pages.has("recovery-codes")
    pages.chrome.find_element("id", "saved").click()
    pages.click("done", "codes-saved")
    assert pages.text("message") == "Your new recovery codes are in use. Any earlier codes no longer work."
    assert not pages.has("recovery-low")
    # Seven codes used (each a sign-in): three left, and the page warns.
    for used in codes[:7]:
        other = client_for(server)
        assert other.sign_in(ACCOUNT_ID, user, PASSWORD).url.endswith("/console/mfa")
        assert 'id="mfa-used">yes<' in other.post("/console/mfa/recovery", {"recovery": used}).text
    pages.open("/console/security", "three-codes-left")
    assert pages.text("recovery-low") == ("Only 3 recovery codes are left. Generate new ones so that you can still "
                                          "sign in if you lose your devices.")
    # And removing the device needs no second confirmation within the few minutes.
    pages.click("remove-button-0", "device-removed")
    assert pages.text("message") == "The device was removed."
    assert iam.list_mfa_devices(UserName=user)["MFADevices"] == []


def test_errors_are_in_words(pages, server, iam):
    user = make_user(iam, policy=None)
    sign_in(pages, user)
    pages.open("/console/security", "security-refused")
    message = pages.text("message")
    assert message == (f"You cannot do this: your permissions do not include iam:ListMFADevices. Ask an "
                       f"administrator of account {ACCOUNT_ID} to allow iam:ListMFADevices for you.")
    pages.open("/console/security/assign?type=app", "add-app")
    pages.fill("device-name", unique("phone"))
    pages.click("add-authenticator-button", "create-refused")
    message = pages.text("message")
    assert "iam:CreateVirtualMFADevice" in message and "arn:aws" not in message and "not authorized" not in message


def test_sign_in_focus_password_rules_and_lockout(pages, server, iam):
    pages.open("/console/signin", "sign-in-focus")
    assert pages.chrome.switch_to.active_element.get_attribute("id") == "account"
    iam.update_account_password_policy(MinimumPasswordLength=12, RequireSymbols=True, RequireNumbers=True,
                                       RequireUppercaseCharacters=True, PasswordReusePrevention=3,
                                       AllowUsersToChangePassword=True)
    try:
        user = make_user(iam)
        iam.update_login_profile(UserName=user, PasswordResetRequired=True)
        sign_in(pages, user, "password-change-required")
        assert pages.path() == "/console/password"
        assert pages.chrome.switch_to.active_element.get_attribute("id") == "old-password"
        rules = pages.text("password-rules")
        for rule in ("At least 12 characters", "An uppercase letter (A–Z)", "A number (0–9)", "A symbol (",
                     "None of your last 3 passwords"):
            assert rule in rules, rules
        assert "A lowercase letter" not in rules
        pages.fill("old-password", PASSWORD)
        pages.fill("new-password", "Short-1!")
        pages.fill("confirm-password", "Short-1!")
        pages.click("change", "too-short")
        assert "at least 12 characters" in pages.text("message") and pages.has("password-rules")
        new = "Longer-Horse-9-Battery!"
        pages.fill("old-password", PASSWORD)
        pages.fill("new-password", new)
        pages.fill("confirm-password", new)
        pages.click("change", "changed")
        pages.open("/console/security", "security-password-rules")
        assert "At least 12 characters" in pages.text("password-rules")
    finally:
        iam.delete_account_password_policy()
    # Five wrong passwords lock the user's sign-in: the page says for how long.
    victim = make_user(iam)
    for _ in range(5):
        client_for(server).sign_in(ACCOUNT_ID, victim, "wrong-password")
    pages.open("/console/signin", "sign-in")
    pages.fill("account", ACCOUNT_ID)
    pages.fill("username", victim)
    pages.fill("password", PASSWORD)
    pages.click("sign-in", "locked-out")
    message = pages.text("message")
    assert re.fullmatch(r"Too many failed attempts\. Sign-in is locked for \d+ minutes?; try again after that\.",
                        message), message
    # The refused form keeps what was typed and puts the focus on the password.
    assert pages.chrome.switch_to.active_element.get_attribute("id") == "password"


def test_the_self_service_pages_pass_the_audit(pages, server, iam):
    from admin_console_helpers import audit
    user = make_user(iam)
    _, seed = with_device(iam, user)
    found = {}

    def check(label):
        violations = audit(pages)
        if violations:
            found[label] = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations]

    pages.open("/console/signin", "audit-sign-in")
    check("sign-in")
    sign_in(pages, user, "audit-code-page")
    check("code-page")
    wait_for_fresh_step()
    pages.fill("code", code(seed, 1))
    pages.click("verify", "audit-signed-in")
    pages.click("security-link", "audit-security")
    check("security")
    pages.click("generate-recovery-button", "audit-recovery-codes")
    check("recovery-codes")
    for kind in ("", "?type=app", "?type=key", "?type=hardware"):
        pages.open(f"/console/security/assign{kind}", "audit-assign")
        check(f"assign{kind}")
    # A user without a device whose password must be changed: the change comes right after the password.
    renewing = make_user(iam)
    iam.update_login_profile(UserName=renewing, PasswordResetRequired=True)
    pages.chrome.delete_all_cookies()
    sign_in(pages, renewing, "audit-change-password")
    assert pages.path() == "/console/password"
    check("change-password")
    assert found == {}, found

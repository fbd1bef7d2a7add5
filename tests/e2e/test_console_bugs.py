"""The bugs a walkthrough of the console found (issue 15, "Bugs to fix" 1-10), each reproduced in
headless Chromium (Selenium; passkeys on WebDriver's virtual authenticator, codes from pyotp) and
screenshotted in test-artifacts/console/. Each test failed before its fix."""

from __future__ import annotations

import html
import json
import re
import time

import pyotp

import pytest
import requests
from selenium.webdriver.support.ui import WebDriverWait

from admin_console_helpers import root_signs_in, user_signs_in
from browser_helpers import Pages, chromium_binaries, pages_fixture
from console_helpers import (  # noqa: F401 (fixtures)
    ConsoleClient, console_fixtures, console_user, self_service, settings, shift_clock,
)
from e2e_helpers import ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_SECRET, ROOT_EMAIL, ROOT_PASSWORD, unique
from mfa_helpers import admin_call, code, create_device, enable, wait_for_fresh_step
from test_policy_engine import FORCE_MFA

PASSWORD = "Correct-Horse-9-Battery"
server, iam = console_fixtures("console-bugs")
pages = pages_fixture("198.18.5")
_addresses = iter(range(1, 250))

pytestmark = pytest.mark.skipif(None in chromium_binaries(), reason="chromium and chromedriver are not installed")

# The self-service a user needs to manage their own devices, and nothing else.
SELF_SERVICE = self_service()


def client_for(server) -> ConsoleClient:
    return ConsoleClient(server.endpoint, client_ip=f"198.18.6.{next(_addresses)}")


def make_user(iam, policy: dict | None = SELF_SERVICE) -> str:
    return console_user(iam, "bug", PASSWORD, inline=policy)


class Codes:
    """A device's codes in order: each time step is accepted once, so every sign-in takes the next
    step after the last one used, waiting (at most a step) until the server's ±1 window reaches it."""

    def __init__(self, seed: str, last_step: int):
        self.seed = seed
        self.last = last_step

    def next(self) -> str:
        step = self.last + 1
        while True:
            wait_for_fresh_step()
            if int(time.time() // 30) + 1 >= step:
                break
            time.sleep(1)
        self.last = step
        return pyotp.TOTP(self.seed).at(step * 30)


def with_device(iam, user: str) -> Codes:
    serial, seed = create_device(iam, unique("bug-dev"))
    wait_for_fresh_step()
    enable(iam, user, serial, seed)
    return Codes(seed, int(time.time() // 30))


def sign_in(pages: Pages, user: str, label: str = "after-password"):
    user_signs_in(pages, user, PASSWORD, label)


def enter_code(pages: Pages, codes: Codes, label: str):
    pages.fill("code", codes.next())
    pages.click("verify", label)


def sign_out(pages: Pages):
    pages.open("/console", "home-before-sign-out")
    pages.click("sign-out-button", "signed-out")


def add_virtual_authenticator(chrome):
    from selenium.webdriver.common.virtual_authenticator import Protocol, Transport, VirtualAuthenticatorOptions
    options = VirtualAuthenticatorOptions()
    options.protocol = Protocol.CTAP2
    options.transport = Transport.INTERNAL
    options.has_resident_key = True
    options.has_user_verification = True
    options.is_user_verified = True
    options.is_user_consenting = True
    chrome.add_virtual_authenticator(options)


def wait_until(pages: Pages, condition, label: str, timeout: int = 15):
    WebDriverWait(pages.chrome, timeout).until(lambda c: condition())
    pages.shot(label)


def add_key(pages: Pages, label: str, shot: str):
    """"Assign MFA device", passkey or security key, named `label`, until the security page lists it."""
    pages.open("/console/security/assign?type=key", "add-key")
    pages.fill("key-label", label)
    pages.chrome.find_element("id", "add-security-key").click()
    wait_until(pages, lambda: pages.has("devices"), shot)




# 1. The settings page's "Allow sign-in with a passkey alone" checkbox shared the passkey button's id.
def test_1_the_passkey_sign_in_setting_can_be_changed(pages, server, settings):
    root_signs_in(pages)
    pages.open("/console/settings", "settings")
    box = pages.chrome.find_element("id", "allow-passkey-sign-in")
    assert not box.is_selected()
    box.click()
    assert box.is_selected(), "the click was cancelled"
    assert pages.path() == "/console/settings"
    pages.click("save", "settings-saved")
    assert "Saved." in pages.chrome.page_source
    current = admin_call(server.endpoint, (ADMIN_KEY_ID, ADMIN_SECRET), "GetMFASettings", {}).json()["Settings"]
    assert current["PasskeySignIn"] is True
    assert pages.chrome.find_element("id", "allow-passkey-sign-in").is_selected()
    # Loading the page started no passkey ceremony: nothing but the form's own notice is shown.
    assert not pages.has("webauthn-message")


# 2. A principal with a device is asked for it at every sign-in (AWS's console), and a session without MFA
# (context-aware prompting kept as an option) can add it with "Verify with MFA".
def test_2_every_sign_in_by_default_and_verify_with_mfa(pages, server, iam, settings):
    defaults = admin_call(server.endpoint, (ADMIN_KEY_ID, ADMIN_SECRET), "GetMFASettings", {}).json()["Settings"]
    assert defaults["Prompt"] == "EVERY_SIGN_IN"
    user = make_user(iam, FORCE_MFA)
    seed = with_device(iam, user)
    sign_in(pages, user)
    assert pages.path() == "/console/mfa"
    enter_code(pages, seed, "signed-in-with-mfa")
    assert pages.text("mfa-used") == "yes"
    sign_out(pages)
    # The same browser on the same network is asked again.
    sign_in(pages, user, "asked-again")
    assert pages.path() == "/console/mfa"
    enter_code(pages, seed, "signed-in-with-mfa-again")
    sign_out(pages)
    # Context-aware prompting lets this browser in without a code; the session can add MFA afterwards.
    settings(Prompt="CONTEXT_CHANGE")
    sign_in(pages, user, "context-aware-no-code")
    assert pages.path() == "/console" and pages.text("mfa-used") == "no"
    pages.open("/console/keys", "keys-denied-without-mfa")
    assert "explicit deny" in pages.text("message")
    assert pages.has("verify-mfa")
    pages.click("verify-mfa", "verify-page")
    assert pages.path() == "/console/verify"
    pages.fill("code", "000000")
    pages.click("verify", "verify-wrong-code")
    assert pages.path() == "/console/verify?failed=code"
    assert pages.text("message").startswith("The code is not valid")
    enter_code(pages, seed, "verified")
    assert pages.path() == "/console" and pages.text("mfa-used") == "yes"
    assert not pages.has("verify-mfa")
    pages.open("/console/keys", "keys-with-mfa")
    assert not pages.has("message") and pages.has("no-keys")


def test_2_verify_with_a_passkey(pages, server, iam, settings):
    user = make_user(iam)
    add_virtual_authenticator(pages.chrome)
    sign_in(pages, user)
    pages.open("/console/security", "security")
    add_key(pages, "laptop", "key-added")
    sign_out(pages)
    settings(Prompt="NEVER")
    sign_in(pages, user, "signed-in-without-mfa")
    assert pages.text("mfa-used") == "no"
    pages.click("verify-link", "verify-page-with-key")
    assert not pages.has("code")  # a passkey alone: no code box
    pages.chrome.find_element("id", "verify-security-key").click()
    wait_until(pages, lambda: pages.path() == "/console", "verified-with-passkey")
    assert pages.text("mfa-used") == "yes"


# 3. Enrollment the account requires works without self-service permissions; recovery codes need a device.
def test_3_required_enrollment_needs_no_permissions(pages, server, iam, settings, tmp_path):
    settings(RequireForConsoleUsers=True)
    user = make_user(iam, policy=None)
    sign_in(pages, user, "enroll-prompt")
    assert pages.path() == "/console/enroll"
    pages.click("setup", "security-for-enrollment")
    assert pages.path() == "/console/security"
    assert not pages.has("message") or "not authorized" not in pages.text("message")
    assert pages.has("no-devices")
    # No device yet: no recovery codes to make.
    assert pages.has("recovery-needs-device") and not pages.has("generate-recovery-button")
    phone = unique("phone")
    pages.click("assign-mfa", "choose-type")
    pages.chrome.find_element("id", "type-app").click()
    pages.click("assign-next", "name-the-app")
    pages.fill("device-name", phone)
    pages.click("add-authenticator-button", "qr-code")
    seed = pages.text("seed").replace(" ", "")
    wait_for_fresh_step()
    pages.fill("code1", code(seed, -1))
    pages.fill("code2", code(seed, 0))
    pages.click("enable", "enrolled")
    assert "The device was added." in pages.chrome.page_source
    assert [d["SerialNumber"] for d in iam.list_mfa_devices(UserName=user)["MFADevices"]] == [
        f"arn:aws:iam::{ACCOUNT_ID}:mfa/{phone}"]
    pages.open("/console", "home-after-enrollment")
    assert pages.path() == "/console"


def test_3_a_refusal_names_the_permission_and_who_grants_it(pages, server, iam):
    user = make_user(iam, policy=None)
    sign_in(pages, user)
    pages.open("/console/security", "security-refused")
    message = pages.text("message")
    assert "iam:ListMFADevices" in message and f"Ask an administrator of account {ACCOUNT_ID}" in message
    assert pages.has("devices-unknown") and not pages.has("no-devices")


def test_3_recovery_codes_are_never_made_without_a_device(server, iam):
    user = make_user(iam)
    client = client_for(server)
    client.sign_in(ACCOUNT_ID, user, PASSWORD)
    refused = client.post("/console/security/recovery", {})
    assert refused.message == "Set up an MFA device first: recovery codes stand in for a device you lose."
    assert "XXXX" not in refused.text and 'id="recovery-remaining">You have no recovery codes.' in refused.text


# 4. A passkey's name is checked before the browser makes the credential.
def test_4_a_bad_passkey_name_leaves_nothing_on_the_authenticator(pages, server, iam):
    user = make_user(iam)
    add_virtual_authenticator(pages.chrome)
    sign_in(pages, user)
    pages.open("/console/security/assign?type=key", "add-key")
    pages.fill("key-label", "my laptop")
    pages.chrome.find_element("id", "add-security-key").click()
    wait_until(pages, lambda: pages.chrome.find_element("id", "webauthn-message").is_displayed(), "bad-name")
    assert "no spaces" in pages.text("webauthn-message")
    assert pages.chrome.get_credentials() == []
    add_key(pages, "laptop", "key-added")
    assert pages.text("message") == "The passkey or security key was added."
    assert len(pages.chrome.get_credentials()) == 1
    # A name already in use is refused before the ceremony too. (A second device needs a recent proof of
    # the first: the one confirmation, with the passkey.)
    pages.open("/console/security/assign?type=key", "confirm-first")
    assert pages.path() == "/console/verify?next=assign"
    pages.chrome.find_element("id", "verify-security-key").click()
    wait_until(pages, lambda: pages.path() == "/console/security/assign", "confirmed")
    pages.open("/console/security/assign?type=key", "add-key-again")
    pages.fill("key-label", "laptop")
    pages.chrome.find_element("id", "add-security-key").click()
    wait_until(pages, lambda: pages.chrome.find_element("id", "webauthn-message").is_displayed(), "name-in-use")
    assert pages.text("webauthn-message") == "You already have a device with that name."
    assert len(pages.chrome.get_credentials()) == 1
    # The server checks the name whatever the page did.
    client = client_for(server)
    client.sign_in(ACCOUNT_ID, make_user(iam), PASSWORD)
    status, body = client.post_json("/console/webauthn/register/options", {"label": "my laptop"})
    assert status == 400 and "no spaces" in body["error"]


# 5. One name rule, the API's, in the page's pattern (valid under Chromium's `v` flag) and on the server.
NAMES = ["my phone", "café", "a/b", "", "ok+=,.@_-1", "x" * 226, "x" * 227]


def test_5_the_console_and_the_api_agree_on_names(pages, server, iam):
    user = make_user(iam)
    sign_in(pages, user)
    pages.open("/console/security/assign?type=app", "add-app")
    field = pages.chrome.find_element("id", "device-name")
    validity = {}
    for name in NAMES:
        pages.chrome.execute_script("arguments[0].value = arguments[1];", field, name)
        validity[name] = pages.chrome.execute_script("return arguments[0].checkValidity();", field)
    pages.fill("device-name", "my phone")
    pages.click("add-authenticator-button", "space-refused-by-the-page")
    assert pages.path() == "/console/security/assign?type=app"  # the form was not sent
    client = client_for(server)
    client.sign_in(ACCOUNT_ID, user, PASSWORD)
    for name in NAMES:
        suffix = unique("n")[-6:] if name and len(name) < 200 else ""
        candidate = name + suffix if name not in ("", "x" * 226, "x" * 227) else name
        try:
            device = iam.create_virtual_mfa_device(VirtualMFADeviceName=candidate)["VirtualMFADevice"]
            iam.delete_virtual_mfa_device(SerialNumber=device["SerialNumber"])
            api_accepts = True
        except Exception:
            api_accepts = False
        page = client.post("/console/security/authenticator", {"name": candidate})
        console_accepts = 'id="qr"' in page.text
        if console_accepts:
            serial = html.unescape(re.search(r'name="serial" value="([^"]+)"', page.text).group(1))
            seed = html.unescape(re.search(r'name="seed" value="([^"]+)"', page.text).group(1))
            client.post("/console/security/authenticator/cancel", {"serial": serial, "seed": seed})
        else:
            assert page.message.startswith("Use letters, digits and + = , . @ _ - only"), (name, page.message)
        if name == "x" * 227:
            # The model sets no maximum, but a longer name makes a serial number (`…:mfa/NAME`) longer than
            # the 256 characters GetSessionToken's SerialNumber takes: the console stops at 226. (The
            # page's maxlength stops typing there.)
            assert not console_accepts
            continue
        assert console_accepts == api_accepts, (name, console_accepts, api_accepts)
        assert validity[name] == api_accepts, (name, validity[name], api_accepts)


# 6. Cancelling an authenticator's set-up removes its device; a wrong code keeps the QR code and key.
def test_6_cancel_retry_and_a_wrong_code(pages, server, iam):
    user = make_user(iam)
    name = unique("app")
    sign_in(pages, user)
    pages.open("/console/security/assign?type=app", "add-app")
    # A name the account already has is refused in words, not with IAM's raw message.
    taken = unique("taken")
    iam.create_virtual_mfa_device(VirtualMFADeviceName=taken)
    pages.fill("device-name", taken)
    pages.click("add-authenticator-button", "name-taken")
    assert pages.text("message").startswith(f"The account already has an authenticator named {taken}")
    pages.fill("device-name", name)
    pages.click("add-authenticator-button", "qr-code")
    assert pages.has("qr")
    pages.click("cancel", "cancelled")
    assert pages.path() == "/console/security/authenticator/cancel"
    assert pages.text("message") == "Setting up the authenticator app was cancelled."
    unassigned = iam.list_virtual_mfa_devices(AssignmentStatus="Unassigned")["VirtualMFADevices"]
    assert not [d for d in unassigned if d["SerialNumber"].endswith("/" + name)]
    # The same name again, then a wrong code: the QR code and key are still there to try again.
    pages.fill("device-name", name)
    pages.click("add-authenticator-button", "qr-code-again")
    seed = pages.text("seed").replace(" ", "")
    pages.fill("code1", "123456")
    pages.fill("code2", "654321")
    pages.click("enable", "wrong-code")
    assert pages.text("message").startswith("Those codes are not valid")
    assert pages.has("qr") and pages.text("seed").replace(" ", "") == seed
    wait_for_fresh_step()
    pages.fill("code1", code(seed, -1))
    pages.fill("code2", code(seed, 0))
    pages.click("enable", "added-after-a-wrong-code")
    assert "The device was added." in pages.chrome.page_source


def test_6_only_the_person_shown_the_seed_may_cancel(server, iam):
    taken = unique("pending")
    device = iam.create_virtual_mfa_device(VirtualMFADeviceName=taken)["VirtualMFADevice"]
    client = client_for(server)
    client.sign_in(ACCOUNT_ID, make_user(iam), PASSWORD)
    wrong = "A" * 64
    page = client.post("/console/security/authenticator/cancel", {"serial": device["SerialNumber"], "seed": wrong})
    assert "cancelled" not in page.text
    assert any(d["SerialNumber"] == device["SerialNumber"]
               for d in iam.list_virtual_mfa_devices(AssignmentStatus="Unassigned")["VirtualMFADevices"])
    # A wrong code with another device's serial shows no seed.
    shown = client.post("/console/security/authenticator/enable",
                        {"serial": device["SerialNumber"], "code1": "123456", "code2": "654321", "seed": wrong})
    assert 'id="seed"' not in shown.text and 'id="qr"' not in shown.text


# 7. The console opened at 127.0.0.1 goes to the configured origin (localhost), and the server says where.
def test_7_the_console_at_another_loopback_name_redirects(pages, server, iam):
    user = make_user(iam)
    pages.chrome.get(f"http://127.0.0.1:{server.port}/console/signin?expired=session")
    pages.shot("opened-at-127")
    assert pages.chrome.current_url == f"http://localhost:{server.port}/console/signin?expired=session"
    pages.fill("account", ACCOUNT_ID)
    pages.fill("username", user)
    pages.fill("password", PASSWORD)
    pages.click("sign-in", "signed-in-after-redirect")
    assert pages.path() == "/console" and "Form expired" not in pages.chrome.page_source
    assert f"console at http://localhost:{server.port}/console" in server.output()
    # POSTs are not redirected (the browser would turn them into GETs); a proxy's Host is left alone
    # when the origin is not loopback (see the unit of ConsoleConfiguration).
    reply = requests.post(f"http://127.0.0.1:{server.port}/console/signin", data={}, allow_redirects=False,
                          timeout=10)
    assert reply.status_code == 403


# 8. An expired sign-in step or session says so on the sign-in page.
def test_8_expired_sign_in_step_and_session(pages, server, iam, shift_clock):
    user = make_user(iam)
    seed = with_device(iam, user)
    sign_in(pages, user)
    assert pages.path() == "/console/mfa"
    shift_clock(11 * 60)
    enter_code(pages, seed, "sign-in-step-expired")
    assert pages.path() == "/console/signin?expired=sign-in"
    assert pages.text("message") == "Your sign-in has expired. Please sign in again."
    shift_clock(0)
    sign_in(pages, user)
    enter_code(pages, seed, "signed-in")
    shift_clock(13 * 3600)
    pages.open("/console/security", "session-expired")
    assert pages.path() == "/console/signin?expired=session"
    assert pages.text("message") == "Your session has expired. Please sign in again."
    # Only the known reasons are shown: the query cannot make the page say anything else.
    pages.open("/console/signin?expired=%3Cb%3Ehello", "unknown-reason")
    assert not pages.has("message")


# 9. The force-MFA policy governs the forced password change: MFA first for a user with a device.
FORCE_MFA_WITH_PASSWORD = json.loads(json.dumps(FORCE_MFA))
FORCE_MFA_WITH_PASSWORD["Statement"][-1]["NotAction"].append("iam:ChangePassword")


def change_password(pages: Pages, label: str):
    pages.fill("old-password", PASSWORD)
    pages.fill("new-password", "Brand-New-Passw0rd")
    pages.fill("confirm-password", "Brand-New-Passw0rd")
    pages.click("change", label)


def test_9_force_mfa_and_a_required_password_reset(pages, server, iam):
    with_mfa = make_user(iam, FORCE_MFA)
    seed = with_device(iam, with_mfa)
    iam.update_login_profile(UserName=with_mfa, PasswordResetRequired=True)
    sign_in(pages, with_mfa, "asked-for-mfa-first")
    assert pages.path() == "/console/mfa"
    enter_code(pages, seed, "then-the-password")
    assert pages.path() == "/console/password"
    change_password(pages, "changed-with-mfa")
    assert pages.path() == "/console" and pages.text("mfa-used") == "yes"
    sign_out(pages)
    # No device: the policy denies the change without MFA, and the page says what to do.
    without = make_user(iam, FORCE_MFA)
    iam.update_login_profile(UserName=without, PasswordResetRequired=True)
    sign_in(pages, without, "password-page")
    assert pages.path() == "/console/password"
    change_password(pages, "change-denied")
    message = pages.text("message")
    assert "iam:ChangePassword" in message and "explicit deny" in message
    assert f"Ask an administrator of account {ACCOUNT_ID}" in message
    # Unless iam:ChangePassword is among the policy's exceptions.
    excepted = make_user(iam, FORCE_MFA_WITH_PASSWORD)
    iam.update_login_profile(UserName=excepted, PasswordResetRequired=True)
    sign_in(pages, excepted, "password-page-excepted")
    change_password(pages, "changed-without-mfa")
    assert pages.path() == "/console" and pages.text("mfa-used") == "no"


# 10. The smaller ones.
def test_10_a_browser_at_the_root_goes_to_the_console(pages, server):
    pages.open("/", "root-url")
    assert pages.path() == "/console/signin"
    # AWS clients still get the API at /.
    xml = requests.get(f"{server.endpoint}/", timeout=10)
    assert xml.status_code >= 400 and "<ErrorResponse" in xml.text


def test_10_the_root_email_stays_after_a_wrong_password(pages):
    pages.open("/console/signin", "sign-in")
    pages.fill("root-email", ROOT_EMAIL)
    pages.fill("root-password", "not-the-password")
    pages.click("root-sign-in", "wrong-root-password")
    assert pages.text("message").startswith("Your authentication information is incorrect")
    assert pages.chrome.find_element("id", "root-email").get_attribute("value") == ROOT_EMAIL


def test_10_access_keys_that_cannot_be_listed_are_not_none(pages, iam):
    user = make_user(iam, policy=None)
    sign_in(pages, user)
    pages.open("/console/keys", "keys-refused")
    assert "iam:ListAccessKeys" in pages.text("message")
    assert pages.has("keys-unknown") and not pages.has("no-keys")


def test_10_a_refresh_does_not_send_a_failed_code_again(pages, iam):
    user = make_user(iam)
    seed = with_device(iam, user)
    sign_in(pages, user)
    pages.fill("code", "000000")
    pages.click("verify", "wrong-code")
    assert pages.path() == "/console/mfa?failed=code"
    assert pages.text("message").startswith("The code is not valid")
    pages.chrome.refresh()
    pages.shot("refreshed")
    navigation = pages.chrome.execute_script("return performance.getEntriesByType('navigation')[0].type")
    assert navigation == "reload" and pages.path() == "/console/mfa?failed=code"
    enter_code(pages, seed, "signed-in")
    assert pages.path() == "/console"


def test_10_the_readme_no_longer_says_the_console_is_not_built():
    from e2e_helpers import REPO_ROOT
    readme = (REPO_ROOT / "README.md").read_text()
    assert "the HTML console, PostgreSQL,\nOrganizations and the audit trail are being built" not in readme
    assert not re.search(r"Not yet[^\n]*console", readme, re.IGNORECASE)
